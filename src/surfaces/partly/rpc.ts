import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError } from '../../errors.js';
import type { Principal } from '../../gateway/principal.js';
import type { Integration } from '../../integrations/service.js';
import type { Org } from '../../orgs/service.js';
import type { Services } from '../../services.js';

/** What the Partly-style methods need of the core. */
export type PartlyDeps = Pick<Services, 'integrations' | 'orgs' | 'records' | 'usage'>;

/**
 * Who may call a method: `anyone` (the install handshake), any authenticated integration,
 * or only an integration installed in an org of kind `repairer` or `supplier`.
 */
export type Audience = 'anyone' | CallerAudience;
export type CallerAudience = 'integration' | 'repairer' | 'supplier';

/** An authenticated call: the two headers resolved to an integration of an org. */
export interface Caller {
  principal: Principal;
  integration: Integration;
  org: Org;
}

/**
 * One RPC method: who may call it, how it runs on a JSON body it validates itself, and
 * whether its answer carries a secret (then it is never cached).
 */
export type RpcMethod = { carriesSecret?: boolean } & (
  | { audience: 'anyone'; run(body: unknown, deps: PartlyDeps): Promise<unknown> }
  | {
      audience: CallerAudience;
      run(body: unknown, deps: PartlyDeps, caller: Caller): Promise<unknown>;
    }
);

/** A method anyone may call (no credential): its body schema and handler. */
export function openMethod<S extends TSchema>(
  schema: S,
  handle: (body: Static<S>, deps: PartlyDeps) => Promise<unknown>,
  options: { carriesSecret?: boolean } = {},
): RpcMethod {
  const parse = bodyParser(schema);
  return { audience: 'anyone', run: (body, deps) => handle(parse(body), deps), ...options };
}

/** A method for an authenticated integration of `audience`. */
export function callerMethod<S extends TSchema>(
  audience: CallerAudience,
  schema: S,
  handle: (body: Static<S>, deps: PartlyDeps, caller: Caller) => Promise<unknown>,
): RpcMethod {
  const parse = bodyParser(schema);
  return { audience, run: (body, deps, caller) => handle(parse(body), deps, caller) };
}

/** The body, checked against `schema`: anything else (not an object, a wrong type) is 400. */
function bodyParser<S extends TSchema>(schema: S): (body: unknown) => Static<S> {
  const checker = TypeCompiler.Compile(schema);
  return (body) => {
    if (checker.Check(body)) return body;
    const issue = checker.Errors(body).First();
    const where = issue === undefined || issue.path === '' ? 'body' : `body${issue.path}`;
    throw new DomainError('invalid_input', `${where}: ${issue?.message ?? 'is invalid'}`);
  };
}
