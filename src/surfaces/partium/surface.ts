import { typeErrorRenderer, type Surface } from '../wire.js';
import { partiumRoutes } from './routes.js';

/** The contract's paths: `/1/...`, and `/auth` with what follows it. */
export const partium: Surface = {
  name: 'partium',
  owns: ['/1/', '/auth'],
  routes: partiumRoutes,
  render: typeErrorRenderer(),
};
