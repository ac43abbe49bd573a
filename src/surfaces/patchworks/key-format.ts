import { hexKeyFormat } from '../../apikeys/format.js';

/** The keys POST /fabric/api/api-keys creates (docs/patchworks.md): `pw_` + 32 hex characters. */
export const patchworksKeyFormat = hexKeyFormat({ prefix: 'pw_', byteLength: 16 });
