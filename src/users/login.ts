import { DomainError, isDomainError } from '../errors.js';
import { maxEmailLength, normalizeEmail } from './email.js';
import type { Membership, User, UserService } from './service.js';
import {
  accountKey,
  accountPolicy,
  addressKey,
  addressPolicy,
  type LoginThrottle,
} from './login-throttle.js';
import { verifyPassword } from './passwords.js';

export interface LoginService {
  /**
   * The user whose email and password match. A wrong password, an unknown email and a
   * locked account or address all give the same `credential_invalid`, in the same time, so that
   * an attacker learns nothing about which accounts exist or are locked.
   */
  signIn(email: string, password: string, address: string): Promise<User>;
  /**
   * The membership a sign-in acts in: `orgId` if given, else the org the user joined first.
   * `refusal`, if given, is the message of a refusal, for a caller that must not say why.
   */
  membershipFor(userId: string, orgId?: string, refusal?: string): Promise<Membership>;
}

export const badCredentials = 'invalid username or password';

export function createLoginService({
  users,
  throttle,
}: {
  users: Pick<UserService, 'checkPassword' | 'memberships'>;
  throttle: LoginThrottle;
}): LoginService {
  const refuse = () => new DomainError('credential_invalid', badCredentials);

  // A refused attempt costs what a wrong password costs: one argon2 verification, here
  // against the decoy hash, so that its timing does not tell that a lock holds.
  async function refuseLocked(password: string): Promise<never> {
    await verifyPassword(undefined, password);
    throw refuse();
  }

  return {
    async signIn(email, password, address) {
      const normalized = normalizeEmail(email);
      // No account has a longer address: refused before the store is touched, so that
      // failed sign-ins cannot write rows of any size.
      if (normalized.length > maxEmailLength) throw refuse();
      const account = accountKey(normalized);
      const client = addressKey(address);
      // Each attempt is counted before its password is checked, the address first: however
      // many arrive at once, no more than each limit are ever checked.
      // The places this attempt holds in the count and has not yet settled (as a failure,
      // or given back).
      let admitted: string[] = [];
      try {
        if (!(await throttle.admit(client, addressPolicy))) return await refuseLocked(password);
        admitted = [client];
        if (!(await throttle.admit(account, accountPolicy))) {
          admitted = [];
          await throttle.fail(client, addressPolicy);
          return await refuseLocked(password);
        }
        admitted = [client, account];
        const user = await users.checkPassword(email, password);
        // The check has answered: each place is settled below, whatever the store does next.
        admitted = [];
        if (user === undefined) {
          await throttle.fail(account, accountPolicy);
          await throttle.fail(client, addressPolicy);
          throw refuse();
        }
        await throttle.clear(account);
        await throttle.release(client);
        return user;
      } catch (error) {
        // A store that fails is not a wrong password: the attempt gives back the places it
        // was counted in, as far as the store lets it, so that an outage locks nobody out.
        if (!isDomainError(error)) {
          await Promise.allSettled(admitted.map((key) => throttle.release(key)));
        }
        throw error;
      }
    },
    async membershipFor(userId, orgId, refusal) {
      const memberships = await users.memberships(userId);
      const chosen =
        orgId === undefined ? memberships[0] : memberships.find((m) => m.orgId === orgId);
      if (chosen === undefined && orgId !== undefined) {
        // An org the user is not in is not_found, as one that does not exist: ids of other
        // tenants cannot be probed.
        throw new DomainError(
          'not_found',
          refusal ?? 'the user is not a member of that organization',
        );
      }
      if (chosen === undefined) {
        throw new DomainError('not_permitted', refusal ?? 'the user belongs to no organization');
      }
      return chosen;
    },
  };
}
