import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { median, micros, perOperation, ratio } from './measure.js';

/**
 * Access-token signing: ES256 vs EdDSA (Ed25519) vs RS256 (2048) through jose, with the
 * WebCrypto keys Gatehouse uses (src/oauth/signing-keys.ts), on a token shaped like ours
 * (RFC 9068 claims). The algorithms are measured in interleaved rounds and each figure is
 * the median, so that warm-up and drift fall on all of them alike. Ratios are against ES256
 * in the same run. A token is signed once and verified on every request that carries it,
 * so the mixed columns (1 sign + N verifies) are what decides.
 */
const algorithms = ['ES256', 'EdDSA', 'RS256'] as const;
type Alg = (typeof algorithms)[number];
const iterations = Number(process.env.BENCH_ITERATIONS ?? 1000);
const rounds = 7;
const claims = { client_id: 'partner_demo_client', org: 'org_partner_demo', sub_type: 'client' };
const url = 'http://localhost:8080';

async function setup(alg: Alg) {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'EdDSA' ? { crv: 'Ed25519' } : {},
  );
  const sign = () =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, typ: 'at+jwt', kid: 'bench' })
      .setIssuer(url)
      .setSubject('partner_demo_client')
      .setAudience(url)
      .setIssuedAt()
      .setExpirationTime('10m')
      .setJti('at_bench')
      .sign(privateKey);
  const token = await sign();
  const verify = () =>
    jwtVerify(token, publicKey, { typ: 'at+jwt', issuer: url, audience: url, algorithms: [alg] });
  return { alg, sign, verify, size: token.length };
}

const subjects = await Promise.all(algorithms.map(setup));
const samples = new Map<Alg, { sign: number[]; verify: number[] }>(
  algorithms.map((alg) => [alg, { sign: [], verify: [] }]),
);
for (let round = 0; round < rounds; round++) {
  for (const s of subjects) {
    const bucket = samples.get(s.alg);
    bucket?.sign.push(await perOperation(s.sign, iterations));
    bucket?.verify.push(await perOperation(s.verify, iterations));
  }
}

const results = subjects.map((s) => ({
  alg: s.alg,
  size: s.size,
  sign: median(samples.get(s.alg)?.sign ?? []),
  verify: median(samples.get(s.alg)?.verify ?? []),
}));
const [reference] = results;
if (reference === undefined) throw new Error('no results');
const mixed = (r: (typeof results)[number], n: number) => r.sign + n * r.verify;

console.log(
  [
    `${rounds} interleaved rounds of ${iterations} operations; medians; ratios against ES256`,
    '',
    '| alg | sign | verify | 1 sign + 1 verify | 1 sign + 10 verifies | 1 sign + 100 verifies | token bytes |',
    '|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.alg} | ${ratio(r.sign, reference.sign)} (${micros(r.sign)}) | ` +
        `${ratio(r.verify, reference.verify)} (${micros(r.verify)}) | ` +
        [1, 10, 100].map((n) => ratio(mixed(r, n), mixed(reference, n))).join(' | ') +
        ` | ${r.size} |`,
    ),
  ].join('\n'),
);
