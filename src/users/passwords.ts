import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// A real hash to verify against when the user does not exist, so that an unknown email
// costs the same time as a wrong password and does not reveal which accounts exist.
let decoy: Promise<string> | undefined;

export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  decoy ??= hashPassword('decoy password, never matches');
  const target = stored ?? (await decoy);
  try {
    const ok = await verify(target, password);
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}
