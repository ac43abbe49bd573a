import { typeErrorRenderer, type Surface } from '../wire.js';
import { partiumKeyFormat } from './key-format.js';
import { partiumRoutes } from './routes.js';
import { partiumAudience } from './token-pair.js';

/** The contract's paths: `/1/...`, and `/auth` with what follows it. */
export const partium: Surface = {
  name: 'partium',
  owns: ['/1/', '/auth'],
  routes: partiumRoutes,
  // RFC 9110 §11.6.1: every 401 names how to authenticate; `/auth` takes Basic or Bearer.
  render: typeErrorRenderer((_failure, code) =>
    code === 'unauthorized' ? 'Basic realm="partium", Bearer realm="partium"' : undefined,
  ),
  keyFormats: [partiumKeyFormat],
  audience: partiumAudience,
};
