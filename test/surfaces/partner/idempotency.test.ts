import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resetSandbox } from '../../../src/sandbox/seed.js';
import { fingerprintOf, idempotencyKeyPruning } from '../../../src/surfaces/partner/idempotency.js';
import { partner, useTestApp } from '../../helpers/app.js';
import { bearerRequest, clientCredentialsToken } from '../../helpers/requests.js';
import { storeTargets } from '../../helpers/targets.js';
import { anotherPartnerClient, partnerOrg } from './support.js';

const ada = { first_name: 'Ada', last_name: 'Lovelace' };
const day = 24 * 60 * 60;

describe.each(storeTargets)('partner commands: Idempotency-Key ($name)', (target) => {
  const ctx = useTestApp(target);

  const tokenOf = (id: string, secret: string) => clientCredentialsToken(ctx().app, { id, secret });

  async function command(name: string, token: string, key: unknown, json: object) {
    const res = await ctx().app.inject({
      method: 'POST',
      url: `/partner/v1/commands/${name}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(key === undefined ? {} : { 'idempotency-key': key as string }),
      },
      payload: json,
    });
    return {
      status: res.statusCode,
      body: res.json<unknown>(),
      replayed: res.headers['idempotent-replayed'],
    };
  }

  const people = async () =>
    (await ctx().services.records.list(partnerOrg, 'natural_person')).length;

  it('answers a repeated command with the first answer, without running it again', async () => {
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    const before = await people();
    const first = await command('create-natural-person', token, key, ada);
    expect(first).toEqual({ status: 201, body: { id: expect.any(String) }, replayed: undefined });
    const again = await command('create-natural-person', token, key, ada);
    expect(again).toEqual({ status: 201, body: first.body, replayed: 'true' });
    // The same fields in another order are the same body.
    const reordered = { last_name: ada.last_name, first_name: ada.first_name };
    expect(await command('create-natural-person', token, key, reordered)).toEqual(again);
    expect(await people()).toBe(before + 1);
  });

  it('keeps every command without a key running each time', async () => {
    const token = await tokenOf(partner.id, partner.secret);
    const before = await people();
    await command('create-natural-person', token, undefined, ada);
    await command('create-natural-person', token, undefined, ada);
    expect(await people()).toBe(before + 2);
  });

  it('refuses the key with another body, or on another command (422), running nothing', async () => {
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    expect((await command('create-natural-person', token, key, ada)).status).toBe(201);
    const before = await people();
    const reused = { status: 422, body: { type: 'idempotency_key_reused' }, replayed: undefined };
    expect(
      await command('create-natural-person', token, key, { ...ada, first_name: 'Augusta' }),
    ).toEqual(reused);
    expect(await command('natural-persons-wizard', token, key, { persons: [ada] })).toEqual(reused);
    expect(await people()).toBe(before);
  });

  it("keeps one client's keys apart from another's", async () => {
    const { services } = ctx();
    const client = await anotherPartnerClient(services, 'second partner backend');
    const key = randomUUID();
    const createAda = async (as: { id: string; secret: string }) =>
      command('create-natural-person', await tokenOf(as.id, as.secret), key, ada);
    const mine = await createAda(partner);
    const theirs = await createAda(client);
    expect(theirs).toEqual({ status: 201, body: { id: expect.any(String) }, replayed: undefined });
    expect(theirs.body).not.toEqual(mine.body);
  });

  it('runs a command once for 50 requests at once with one key', async () => {
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    const before = await people();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => command('create-natural-person', token, key, ada)),
    );
    expect(await people()).toBe(before + 1);
    const created = answers.filter((answer) => answer.status === 201);
    const busy = answers.filter((answer) => answer.status === 409);
    expect(created.length + busy.length).toBe(50);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    for (const answer of busy) expect(answer.body).toEqual({ type: 'idempotency_key_in_use' });
    // Once the first has finished, every retry gets its answer.
    expect(await command('create-natural-person', token, key, ada)).toEqual({
      status: 201,
      body: created[0]?.body,
      replayed: 'true',
    });
  });

  it('keeps no answer of a refused command: the same key may be sent again', async () => {
    const { services } = ctx();
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    const missing = { id: randomUUID() };
    const requestor = '0e000000-0000-4000-8000-000000000001';
    const send = () =>
      bearerRequest(ctx().app, 'POST', '/partner/v1/commands/get-customer', token, {
        headers: { 'idempotency-key': key, 'requestor-id': requestor },
        payload: missing,
      });
    expect((await send()).statusCode).toBe(404);
    const kept = await services.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', key)
      .execute();
    expect(kept).toEqual([]);
    expect((await send()).json()).toEqual({ type: 'not_found' });
  });

  it('forgets a key after 24 hours, and prunes what it forgot', async () => {
    const { services, clock } = ctx();
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    const first = await command('create-natural-person', token, key, ada);
    clock.advance(day - 1);
    try {
      expect(
        (
          await command(
            'create-natural-person',
            await tokenOf(partner.id, partner.secret),
            key,
            ada,
          )
        ).body,
      ).toEqual(first.body);
      clock.advance(1);
      const fresh = await tokenOf(partner.id, partner.secret);
      const later = await command('create-natural-person', fresh, key, ada);
      expect(later).toEqual({ status: 201, body: { id: expect.any(String) }, replayed: undefined });
      expect(later.body).not.toEqual(first.body);
      clock.advance(day);
      expect(await idempotencyKeyPruning.prune(services.db, clock.now())).toBeGreaterThanOrEqual(1);
      const left = await services.db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('created_at', '<=', clock.now() - day)
        .execute();
      expect(left).toEqual([]);
    } finally {
      clock.advance(-2 * day);
    }
  });

  it('lets a key whose first command never answered (a crash) be claimed again after a minute', async () => {
    const { services, clock } = ctx();
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    // What an instance that crashed while running the command leaves behind.
    await services.db
      .insertInto('idempotency_keys')
      .values({
        client_id: partner.id,
        key,
        fingerprint: fingerprintOf('create-natural-person', null, ada),
        created_at: clock.now(),
        status: null,
        response: null,
      })
      .execute();
    expect(await command('create-natural-person', token, key, ada)).toEqual({
      status: 409,
      body: { type: 'idempotency_key_in_use' },
      replayed: undefined,
    });
    clock.advance(61);
    try {
      const fresh = await tokenOf(partner.id, partner.secret);
      const retried = await command('create-natural-person', fresh, key, ada);
      expect(retried).toEqual({
        status: 201,
        body: { id: expect.any(String) },
        replayed: undefined,
      });
      expect(await command('create-natural-person', fresh, key, ada)).toEqual({
        ...retried,
        replayed: 'true',
      });
    } finally {
      clock.advance(-61);
    }
  });

  it('forgets every key of the sandbox clients when the sandbox is reset', async () => {
    const token = await tokenOf(partner.id, partner.secret);
    const key = randomUUID();
    const first = await command('create-natural-person', token, key, ada);
    await resetSandbox(ctx().services);
    const after = await command(
      'create-natural-person',
      await tokenOf(partner.id, partner.secret),
      key,
      ada,
    );
    expect(after).toEqual({ status: 201, body: { id: expect.any(String) }, replayed: undefined });
    expect(after.body).not.toEqual(first.body);
  });

  it.each([
    ['an empty key', ''],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key with a character outside visible ASCII', 'clé'],
  ])('refuses %s (400)', async (_, key) => {
    const token = await tokenOf(partner.id, partner.secret);
    const before = await people();
    expect(await command('create-natural-person', token, key, ada)).toEqual({
      status: 400,
      body: { type: 'invalid_request' },
      replayed: undefined,
    });
    expect(await people()).toBe(before);
  });
});
