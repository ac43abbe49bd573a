import { AppError } from '../errors.js';
import type { Membership, User, UserService } from './service.js';
import { normalizeEmail } from './service.js';
import { accountPolicy, addressPolicy, type LoginThrottle } from './login-throttle.js';

export interface LoginService {
  /**
   * The user whose email and password match. A wrong password, an unknown email and a
   * locked account or address all give the same `unauthorized`, so that an attacker learns
   * nothing about which accounts exist or are locked.
   */
  signIn(email: string, password: string, address: string): Promise<User>;
  /** The membership a sign-in acts in: `orgId` if given, else the org the user joined first. */
  membershipFor(userId: string, orgId?: string): Promise<Membership>;
}

export const badCredentials = 'invalid username or password';

export function createLoginService({
  users,
  throttle,
}: {
  users: UserService;
  throttle: LoginThrottle;
}): LoginService {
  return {
    async signIn(email, password, address) {
      const accountKey = `account:${normalizeEmail(email)}`;
      const addressKey = `address:${address}`;
      const locked =
        (await throttle.lockedFor(accountKey)) > 0 || (await throttle.lockedFor(addressKey)) > 0;
      const user = locked ? undefined : await users.checkPassword(email, password);
      if (user === undefined) {
        if (!locked) {
          await throttle.recordFailure(accountKey, accountPolicy);
          await throttle.recordFailure(addressKey, addressPolicy);
        }
        throw new AppError('unauthorized', badCredentials);
      }
      await throttle.clear(accountKey);
      return user;
    },
    async membershipFor(userId, orgId) {
      const memberships = await users.memberships(userId);
      const chosen =
        orgId === undefined ? memberships[0] : memberships.find((m) => m.orgId === orgId);
      if (chosen === undefined && orgId !== undefined) {
        // An org the user is not in is not_found, as one that does not exist: ids of other
        // tenants cannot be probed.
        throw new AppError('not_found', 'the user is not a member of that organization');
      }
      if (chosen === undefined) {
        throw new AppError('forbidden', 'the user belongs to no organization');
      }
      return chosen;
    },
  };
}
