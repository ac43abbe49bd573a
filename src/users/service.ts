import { DomainError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { requirePrintableName } from '../lib/names.js';
import { newId } from '../lib/random.js';
import { changedEntry } from '../oauth/deny-list.js';
import { isRole, type Role } from '../orgs/roles.js';
import type { Db } from '../store/database.js';
import { uncachedLookups, type LookupCaches } from '../store/lookup-cache.js';
import { emailProblem, normalizeEmail } from './email.js';
import { hashPassword, verifyPassword } from './passwords.js';

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

export interface Membership {
  orgId: string;
  userId: string;
  role: Role;
}

export interface UserService {
  create(input: { email: string; password: string; name?: string; id?: string }): Promise<User>;
  get(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  /** The user when email and password match; undefined otherwise, in the same time. */
  checkPassword(email: string, password: string): Promise<User | undefined>;
  addToOrg(userId: string, orgId: string, role: Role): Promise<Membership>;
  /** Memberships in the order they were made (the first is the user's home org). */
  memberships(userId: string): Promise<Membership[]>;
  /** The user's role in the org, read from the store (a grant's, a refresh's standing). */
  roleIn(userId: string, orgId: string): Promise<Role | undefined>;
  /**
   * The same, from memory once read: what each call with a person's token checks
   * (gateway/authorize.ts). A role changed here applies to this instance's next call, and
   * to another instance's once the change entry reaches it (store/lookup-cache.ts).
   */
  cachedRoleIn(userId: string, orgId: string): Promise<Role | undefined>;
}

export { normalizeEmail } from './email.js';

export function createUserService({
  db,
  clock,
  lookups = uncachedLookups,
}: {
  db: Db;
  clock: Clock;
  /** Keeps the roles `cachedRoleIn` found until they change. */
  lookups?: LookupCaches;
}): UserService {
  const findRow = (email: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
  const membership = (userId: string, orgId: string) =>
    db
      .selectFrom('memberships')
      .select('role')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  const roleIn = async (userId: string, orgId: string) => {
    const row = await membership(userId, orgId);
    return row !== undefined && isRole(row.role) ? row.role : undefined;
  };
  const roles = lookups.lookup<{ userId: string; orgId: string; role: Role }>({
    dependsOn: ({ userId, orgId }) => [changedEntry.membership(userId, orgId)],
  });

  return {
    async create({ email, password, name, id = newId('usr') }) {
      const normalized = normalizeEmail(email);
      const problem = emailProblem(normalized);
      if (problem !== undefined) throw new DomainError('invalid_input', problem);
      if (name !== undefined) requirePrintableName('user name', name);
      if (password.length < 8 || password.length > 1024) {
        throw new DomainError('invalid_input', 'password must be 8 to 1024 characters');
      }
      const user: User = {
        id,
        email: normalized,
        name: name ?? normalized,
        createdAt: clock.now(),
      };
      const passwordHash = await hashPassword(password);
      // One statement decides a race between two sign-ups with the same email.
      const inserted = await db
        .insertInto('users')
        .values({
          id,
          email: normalized,
          name: user.name,
          password_hash: passwordHash,
          created_at: user.createdAt,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        throw new DomainError('conflict', 'a user with this email already exists');
      }
      return user;
    },
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async findByEmail(email) {
      const row = await findRow(email);
      return row && toUser(row);
    },
    async checkPassword(email, password) {
      const row = await findRow(email);
      const ok = await verifyPassword(row?.password_hash, password);
      return ok && row !== undefined ? toUser(row) : undefined;
    },
    async addToOrg(userId, orgId, role) {
      const exists = async (table: 'orgs' | 'users', id: string) =>
        (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !==
        undefined;
      if (!(await exists('orgs', orgId))) throw new DomainError('not_found', 'no such org');
      if (!(await exists('users', userId))) throw new DomainError('not_found', 'no such user');
      if ((await membership(userId, orgId)) !== undefined) {
        await db
          .updateTable('memberships')
          .set({ role })
          .where('org_id', '=', orgId)
          .where('user_id', '=', userId)
          .execute();
        // A demotion applies from the person's next call, on every instance.
        await lookups.changed(changedEntry.membership(userId, orgId));
      } else {
        const next = await db
          .selectFrom('memberships')
          .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('max'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        await db
          .insertInto('memberships')
          .values({
            org_id: orgId,
            user_id: userId,
            role,
            created_at: clock.now(),
            seq: Number(next.max) + 1,
          })
          .execute();
      }
      return { orgId, userId, role };
    },
    async memberships(userId) {
      const rows = await db
        .selectFrom('memberships')
        .select(['org_id', 'user_id', 'role'])
        .where('user_id', '=', userId)
        .orderBy('seq')
        .execute();
      return rows.flatMap((r) =>
        isRole(r.role) ? [{ orgId: r.org_id, userId: r.user_id, role: r.role }] : [],
      );
    },
    roleIn,
    async cachedRoleIn(userId, orgId) {
      // One key per membership, whatever characters the ids hold.
      const held = await roles.get(JSON.stringify([userId, orgId]), async () => {
        const role = await roleIn(userId, orgId);
        return role === undefined ? undefined : { userId, orgId, role };
      });
      return held?.role;
    },
  };
}

function toUser(row: { id: string; email: string; name: string; created_at: number }): User {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at };
}
