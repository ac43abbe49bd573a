import { beforeAll, describe, expect, it } from 'vitest';
import { withServices } from '../../src/cli/context.js';
import { printable } from '../../src/cli/printable.js';
import { forged } from '../helpers/names.js';
import { gatehouse, pick, useCliStore } from './support.js';

const escapedForged = 'Acme\\u001b[2K\\u000dkey_partly_repairer ... revoked\\u000a\\u001b[8m';
// Nothing the CLI prints may move the cursor, clear a line or start a new one.
const raw = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('printable', () => {
  it('shows every control and invisible character as an escape, and nothing else', () => {
    expect(printable(forged)).toBe(escapedForged);
    expect(printable('a\u200bb\u202ec\u2028d\ufeffe\u007ff\u0085g')).toBe(
      'a\\u200bb\\u202ec\\u2028d\\ufeffe\\u007ff\\u0085g',
    );
    expect(printable('tag\u{e0041}')).toBe('tag\\u{e0041}');
    expect(printable("Zoë's café — 東京 \\ 🚀")).toBe("Zoë's café — 東京 \\ 🚀");
  });
});

describe('the command line escapes what it prints from the store', () => {
  useCliStore();
  let orgId = '';
  let keyId = '';
  let clientId = '';

  beforeAll(async () => {
    orgId = pick(await gatehouse('orgs', 'create', '--name', 'Escapes Co'), /^created org (\S+)/);
    const created = await gatehouse('keys', 'create', '--org', orgId, '--name', 'plain');
    keyId = pick(created, /^created API key (\S+)/);
    const client = await gatehouse('clients', 'create', '--org', orgId, '--name', 'plain');
    clientId = pick(client, /^client_id: (\S+)/);
    // A name stored before names were checked, or written to the store by hand.
    await withServices(async ({ db }) => {
      await db.updateTable('api_keys').set({ name: forged }).where('id', '=', keyId).execute();
      await db.updateTable('clients').set({ name: forged }).where('id', '=', clientId).execute();
      await db
        .updateTable('orgs')
        .set({ name: forged, kind: 'x\u001b[8m' })
        .where('id', '=', orgId)
        .execute();
    });
  });

  it('keys list shows a forged key name escaped, on its own line', async () => {
    const lines = await gatehouse('keys', 'list', '--org', orgId);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^${keyId}\\t`))]);
    expect(lines[0]?.split('\t').slice(2)).toEqual([escapedForged, '-', 'active']);
    expect(lines.some((line) => raw.test(line.replaceAll('\t', '')))).toBe(false);
  });

  it('orgs list shows a forged org name and kind escaped', async () => {
    const lines = await gatehouse('orgs', 'list');
    expect(lines).toContain(`${orgId}\t${escapedForged}\tx\\u001b[8m`);
    expect(lines.some((line) => raw.test(line.replaceAll('\t', '')))).toBe(false);
  });

  it('clients list shows a forged client name escaped', async () => {
    const lines = await gatehouse('clients', 'list', '--org', orgId);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.split('\t').slice(0, 2)).toEqual([clientId, escapedForged]);
    expect(lines.some((line) => raw.test(line.replaceAll('\t', '')))).toBe(false);
  });

  it('refuses to create a key or an org with such a name', async () => {
    await expect(gatehouse('keys', 'create', '--org', orgId, '--name', forged)).rejects.toThrow(
      'key name must not contain control or invisible characters',
    );
    await expect(gatehouse('orgs', 'create', '--name', 'a\u202eb')).rejects.toThrow(
      'org name must not contain control or invisible characters',
    );
  });
});
