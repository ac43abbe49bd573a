import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../../errors.js';
import type { Services } from '../../services.js';
import { refuseOtherMethods } from '../wire.js';
import { authenticateCaller, callerOf, identifyRequestor } from './caller.js';
import type { Command } from './command.js';
import { partnerError } from './errors.js';
import { createIdempotencyKeys, fingerprintOf, idempotencyKeyOf } from './idempotency.js';
import { customerCommands } from './customers.js';
import { personCommands } from './persons.js';

/** Every command of the surface; each is `POST /partner/v1/commands/<name>`. */
export const partnerCommands: readonly Command[] = [...personCommands, ...customerCommands];

const commandsPath = '/partner/v1/commands';

/**
 * The partner commands surface (docs/partner.md).
 * The access token comes from the native `POST /oauth/token` (client_credentials). Each
 * command runs as a list of steps: the bearer token (onRequest, before the body is read),
 * the usage limit, the Requestor-ID rule (requestor.ts), the JSON body schema, the
 * Idempotency-Key (idempotency.ts), the command.
 * Errors are `{"type": code}`.
 */
export async function partnerRoutes(fastify: FastifyInstance, services: Services) {
  acceptEmptyJsonBody(fastify);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const authenticate = authenticateCaller(services);
  const idempotency = createIdempotencyKeys(services);

  for (const command of partnerCommands) {
    app.post(
      `${commandsPath}/${command.name}`,
      {
        schema: { body: command.body, response: { [command.status]: command.response } },
        onRequest: [authenticate, identifyRequestor(services.records, command.requestor)],
        preValidation: noBodyAsEmptyObject,
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const run = async () => ({
          status: command.status,
          body: await command.run(request.body, { caller, records: services.records }),
        });
        // Last step: a command sent again with its Idempotency-Key is answered as the first.
        const key = idempotencyKeyOf(request.headers);
        const answer =
          key === undefined
            ? { ...(await run()), replayed: false }
            : await idempotency.once(
                {
                  clientId: caller.principal.subject.id,
                  key,
                  fingerprint: fingerprintOf(command.name, caller.requestorId, request.body),
                },
                run,
              );
        if (answer.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(answer.status).send(answer.body);
      },
    );
  }

  // An authenticated caller is told that the command does not exist.
  app.post<{ Params: { name: string } }>(
    `${commandsPath}/:name`,
    { onRequest: [authenticate] },
    async (request) => {
      throw partnerError('command_not_found', `no command ${request.params.name}`);
    },
  );
  refuseOtherMethods(app, `${commandsPath}/:name`, ['POST']);
  app.all('/partner/*', async (request) => {
    throw new DomainError(
      'not_found',
      `no route for ${request.method} ${request.url.split('?')[0]}`,
    );
  });
}

/**
 * A command that takes no fields may be sent with no body, or with an empty JSON body; both
 * read as `{}`. Anything else goes through Fastify's own JSON parser (which refuses
 * prototype poisoning), and is then checked against the command's schema.
 */
function acceptEmptyJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, {});
    return parseJson(request, text, done);
  });
}

// Synchronous (`done`): it waits for nothing, so it costs no promise a command.
function noBodyAsEmptyObject(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
  if (request.body === undefined) request.body = {};
  done();
}
