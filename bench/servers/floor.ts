import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { createHmac, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import { answerParent, portFrom } from './ipc.js';

/**
 * The floor of client_credentials issuance: the least a token endpoint can do and still do
 * the job, on the same Fastify. It parses Basic and the form, checks the secret as a keyed
 * SHA-256 in constant time, and signs the RFC 9068 claims Gatehouse issues (same `alg`, `typ`
 * and `kid` header) with node:crypto's synchronous `sign` on a KeyObject. No store, no
 * logging: whatever Gatehouse spends above this is its own.
 */
const port = portFrom(process.env, 'PORT');
const issuer = required('PUBLIC_URL');
const clientId = required('BENCH_CLIENT_ID');
const org = required('BENCH_CLIENT_ORG');
const ttl = 600;

const hashKey = randomBytes(32);
const keyed = (secret: string) => createHmac('sha256', hashKey).update(secret).digest();
const storedSecret = keyed(required('BENCH_CLIENT_SECRET'));
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const header = encode({ alg: 'ES256', typ: 'at+jwt', kid: randomBytes(16).toString('base64url') });

const app = Fastify({ logger: false });
await app.register(formbody);
app.post<{ Body: Record<string, string> }>('/oauth/token', async (request, reply) => {
  const presented = basic(request.headers.authorization);
  if (presented === undefined || !matches(presented)) {
    return reply.code(401).send({ error: 'invalid_client' });
  }
  if (request.body.grant_type !== 'client_credentials') {
    return reply.code(400).send({ error: 'unsupported_grant_type' });
  }
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    client_id: clientId,
    org,
    sub_type: 'client',
    iss: issuer,
    sub: clientId,
    aud: issuer,
    iat,
    exp: iat + ttl,
    jti: `at_${randomBytes(12).toString('base64url')}`,
  };
  const input = `${header}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).send({
    access_token: `${input}.${signature.toString('base64url')}`,
    token_type: 'Bearer',
    expires_in: ttl,
  });
});
await app.listen({ port, host: '127.0.0.1' });
answerParent({}, () => app.close());

/** RFC 6749 §2.3.1: Basic of the form-urlencoded client id and secret. */
function basic(authorization: string | undefined): { id: string; secret: string } | undefined {
  if (authorization === undefined || !/^basic /i.test(authorization)) return undefined;
  const text = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function matches({ id, secret }: { id: string; secret: string }): boolean {
  return timingSafeEqual(keyed(secret), storedSecret) && id === clientId;
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} must be set`);
  return value;
}
