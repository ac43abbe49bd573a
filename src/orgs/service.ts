import { AppError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { requirePrintableName } from '../lib/names.js';
import { newId } from '../lib/random.js';
import type { Db } from '../store/database.js';

export interface Org {
  id: string;
  name: string;
  kind: string | null;
  createdAt: number;
}

export interface OrgService {
  create(input: { name: string; kind?: string | null; id?: string }): Promise<Org>;
  get(id: string): Promise<Org | undefined>;
  list(): Promise<Org[]>;
}

export function createOrgService({ db, clock }: { db: Db; clock: Clock }): OrgService {
  return {
    async create({ name, kind = null, id = newId('org') }) {
      const trimmed = name.trim();
      if (trimmed === '' || trimmed.length > 200) {
        throw new AppError('invalid_request', 'org name must be 1 to 200 characters');
      }
      requirePrintableName('org name', name);
      const org: Org = { id, name: trimmed, kind, createdAt: clock.now() };
      await db
        .insertInto('orgs')
        .values({ id, name: trimmed, kind, created_at: org.createdAt })
        .execute();
      return org;
    },
    async get(id) {
      const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrg(row);
    },
    async list() {
      const rows = await db.selectFrom('orgs').selectAll().orderBy('created_at').execute();
      return rows.map(toOrg);
    },
  };
}

function toOrg(row: { id: string; name: string; kind: string | null; created_at: number }): Org {
  return { id: row.id, name: row.name, kind: row.kind, createdAt: row.created_at };
}
