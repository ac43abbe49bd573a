import { hexKeyFormat } from '../../apikeys/format.js';

/** The keys POST /1/api-keys creates (docs/partium.md): `partium_` + 32 hex characters. */
export const partiumKeyFormat = hexKeyFormat({ prefix: 'partium_', byteLength: 16 });
