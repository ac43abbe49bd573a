import { describe, expect, it } from 'vitest';
import { gatehouse, useCliStore } from './support.js';

describe('gatehouse migrate', () => {
  useCliStore();

  it('creates and migrates the store named by DATABASE_URL, once', async () => {
    expect(await gatehouse('migrate')).toEqual([
      'applied: 0001_core, 0002_integrations, 0003_platform_clients, 0004_idempotency_keys, 0005_signing_key_protection, 0006_authorization_codes, 0007_sessions, 0008_authorization_endpoint',
    ]);
    expect(await gatehouse('migrate')).toEqual(['already up to date']);
  });

  it('refuses a DATABASE_URL it cannot use, without echoing its password', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'mysql://root:hunter2@db.example/gatehouse';
    try {
      await expect(gatehouse('migrate')).rejects.toThrow(
        'DATABASE_URL must start with sqlite: or postgres://, got "mysql://root:***@db.example/gatehouse"',
      );
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
