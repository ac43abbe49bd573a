import type { Surface } from '../wire.js';
import { renderPartlyError } from './errors.js';
import { partlyKeyFormat } from './key-format.js';
import { partlyPrefix, partlyRoutes } from './routes.js';

export const partly: Surface = {
  name: 'partly',
  owns: [`${partlyPrefix}/`],
  routes: partlyRoutes,
  render: renderPartlyError,
  // Minted by the install handshake (integrations/service.ts), given it by services.ts.
  keyFormats: [partlyKeyFormat],
};
