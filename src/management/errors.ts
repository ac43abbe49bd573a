import type { Renderer } from '../http/error-handler.js';
import { typeCodes } from '../http/type-codes.js';
import { answer } from '../http/wire-error.js';

/** The management API's error body, `{type, message}`; also every answer outside a surface. */
export const renderManagementError: Renderer = (failure, _request, reply) => {
  const { code, message } = answer(reply, failure, typeCodes);
  // RFC 6750 §3: a missing or bad bearer credential is answered with a challenge.
  if (code === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="gatehouse"');
  return reply.send({ type: code, message });
};
