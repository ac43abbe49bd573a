import type { FastifyRequest } from 'fastify';
import type { Cookie } from './cookie.js';
import type { Session, SessionService } from './service.js';

/** The browser's live session: its id (what the CSRF token is bound to) and the session. */
export interface SignedIn {
  id: string;
  session: Session;
}

/**
 * The live session the request's cookie names, or undefined when it names none, or one
 * that has ended or expired. Every page that needs a signed-in person asks this.
 */
export async function signedIn(
  request: FastifyRequest,
  { cookie, sessions }: { cookie: Cookie; sessions: Pick<SessionService, 'find'> },
): Promise<SignedIn | undefined> {
  const id = cookie.read(request);
  const session = id === undefined ? undefined : await sessions.find(id);
  return id === undefined || session === undefined ? undefined : { id, session };
}
