import { describe, expect, it } from 'vitest';
import { gatehouse, pick, usageError, useCliStore } from './support.js';

const row = /^(\S+)\tES256\t(active|retired|revoked)\t\d{4}-\d\d-\d\dT[\d:.]+Z$/;
/** `signing-keys list` as kid -> state; the active key is listed first. */
async function listed(): Promise<Record<string, string>> {
  const lines = await gatehouse('signing-keys', 'list');
  const rows = lines.map((line) => {
    const match = row.exec(line);
    if (match === null) throw new Error(`unexpected line: ${line}`);
    return [match[1], match[2]];
  });
  expect(rows[0]?.[1]).toBe('active');
  return Object.fromEntries(rows);
}

describe('gatehouse signing-keys', () => {
  useCliStore();

  it('revokes a key: a new one is made active when it was the active one', async () => {
    const first = pick(await gatehouse('signing-keys', 'rotate'), /^active signing key: (\S+)$/);
    const second = pick(await gatehouse('signing-keys', 'rotate'), /^active signing key: (\S+)$/);
    expect(await listed()).toMatchObject({ [second]: 'active', [first]: 'retired' });

    const revoked = await gatehouse('signing-keys', 'revoke', second);
    expect(revoked[0]).toBe(`revoked signing key ${second}`);
    const third = pick(revoked, /^active signing key: (\S+)$/);
    expect(third).not.toBe(second);

    expect(await gatehouse('signing-keys', 'revoke', first)).toEqual([
      `revoked signing key ${first}`,
    ]);
    const states = await listed();
    expect(states).toMatchObject({ [third]: 'active', [second]: 'revoked', [first]: 'revoked' });
    expect(Object.values(states).filter((state) => state === 'active')).toHaveLength(1);
  });

  it('takes a kid that begins with a dash as the kid, not an option', async () => {
    await expect(gatehouse('signing-keys', 'revoke', '-5V2pbVTqNKSid2ucxq')).rejects.toThrow(
      'no signing key -5V2pbVTqNKSid2ucxq',
    );
  });

  it('refuses a kid it does not know, and a missing one', async () => {
    await expect(gatehouse('signing-keys', 'revoke', 'no-such-kid')).rejects.toThrow(
      'no signing key no-such-kid',
    );
    expect(await usageError('signing-keys', 'revoke')).toMatchObject({
      code: 'commander.missingArgument',
      message: "error: missing required argument 'kid'",
    });
  });
});
