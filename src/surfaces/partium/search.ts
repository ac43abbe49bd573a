import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OrgRecord } from '../../records/service.js';
import type { Services } from '../../services.js';
import { admit, credentialStep, TypeErrorBody } from '../wire.js';
import { partiumAudience } from './token-pair.js';

export const searchPath = '/1/find/search';

/** `query` is required; other fields a Find client may send are accepted and ignored. */
const SearchBody = Type.Object({ query: Type.String({ maxLength: 500 }) });

const Part = Type.Object({ id: Type.String(), name: Type.String(), part_number: Type.String() });
const SearchResults = Type.Object({ results: Type.Array(Part) });

/**
 * POST /1/find/search `{query}` with `Authorization: Bearer <api key or /auth token>`: the
 * parts of the credential's org whose name or part number contains the query, ignoring
 * case, in order of name. An empty query lists the whole catalogue. Another org's parts are
 * never seen.
 */
export function searchRoutes(
  fastify: FastifyInstance,
  services: Pick<Services, 'authenticator' | 'usage' | 'records' | 'config'>,
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // An API key, or a token from this surface's own /auth: a token for anything else is 401.
  const audience = partiumAudience(services.config);
  const credential = credentialStep(async (request) =>
    admit(
      await services.authenticator.fromHeader(request.headers.authorization, { audience }),
      services.usage,
    ),
  );
  app.post(
    searchPath,
    {
      onRequest: credential.onRequest,
      schema: { body: SearchBody, response: { 200: SearchResults, '4xx': TypeErrorBody } },
    },
    async (request) => {
      const principal = credential.of(request);
      const needle = request.body.query.trim().toLowerCase();
      const parts = (await services.records.list(principal.orgId, 'part'))
        .map(toPart)
        .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'));
      return {
        results: parts.filter(
          (part) =>
            part.name.toLowerCase().includes(needle) ||
            part.part_number.toLowerCase().includes(needle),
        ),
      };
    },
  );
}

function toPart(record: OrgRecord) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    id: record.id,
    name: text(record.data.name),
    part_number: text(record.data.part_number),
  };
}
