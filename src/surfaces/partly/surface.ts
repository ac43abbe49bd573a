import type { Surface } from '../wire.js';
import { renderPartlyError } from './errors.js';
import { partlyPrefix, partlyRoutes } from './routes.js';

export const partly: Surface = {
  name: 'partly',
  owns: [`${partlyPrefix}/`],
  routes: partlyRoutes,
  render: renderPartlyError,
};
