import { typeErrorRenderer, type Surface } from '../wire.js';
import { partiumKeyFormat } from './key-format.js';
import { partiumRoutes } from './routes.js';
import { partiumAudience } from './token-pair.js';

/** The contract's paths: `/1/...`, and `/auth` with what follows it. */
export const partium: Surface = {
  name: 'partium',
  owns: ['/1/', '/auth'],
  routes: partiumRoutes,
  render: typeErrorRenderer(),
  keyFormats: [partiumKeyFormat],
  audience: partiumAudience,
};
