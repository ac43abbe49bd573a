import { isCredentialInvalid } from '../../errors.js';
import { typeErrorRenderer, type Surface } from '../wire.js';
import { patchworksAudience } from './authenticate.js';
import { patchworksKeyFormat } from './key-format.js';
import { patchworksRoutes } from './routes.js';

export const patchworks: Surface = {
  name: 'patchworks',
  owns: ['/fabric/'],
  routes: patchworksRoutes,
  // RFC 9110 §11.6.1: a request refused for its credential is told how to authenticate.
  render: typeErrorRenderer((failure) =>
    isCredentialInvalid(failure) && failure.subject === 'bearer'
      ? 'Bearer realm="patchworks"'
      : undefined,
  ),
  keyFormats: [patchworksKeyFormat],
  audience: patchworksAudience,
};
