import { hexKeyFormat } from '../../apikeys/format.js';

/**
 * The key the install handshake hands an integration (docs/partly.md): `partly_` + 32 hex
 * characters. The integration service mints every install's key in it (services.ts).
 */
export const partlyKeyFormat = hexKeyFormat({ prefix: 'partly_', byteLength: 16 });
