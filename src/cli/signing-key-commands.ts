import type { Command } from 'commander';
import { isoTime } from '../lib/clock.js';
import { withServices } from './context.js';
import { printable } from './printable.js';
import type { Print } from './print.js';

/** `signing-keys`: list, rotate and revoke the keys that sign access tokens. */
export function addSigningKeyCommands(program: Command, print: Print): void {
  const signingKeys = program.command('signing-keys').description('access-token signing keys');
  signingKeys
    .command('rotate')
    .description('make a new signing key active; the old one stays published')
    .action(() =>
      withServices(async ({ keys }) => {
        print(`active signing key: ${await keys.rotate()}`);
      }),
    );
  signingKeys
    .command('list')
    .description('every signing key, the active one first: kid, algorithm, state, creation')
    .action(() =>
      withServices(async ({ keys }) => {
        for (const k of await keys.list()) {
          print(`${printable(k.kid)}\t${k.alg}\t${k.state}\t${isoTime(k.createdAt)}`);
        }
      }),
    );
  signingKeys
    .command('revoke')
    .description('stop trusting a key at once, on every instance; its tokens are refused')
    .argument('<kid>', 'the key id (kid) to revoke')
    // A kid is a base64url thumbprint (RFC 7638) and may begin with "-": not an option here.
    .allowUnknownOption()
    .action((kid: string) =>
      withServices(async ({ keys }) => {
        const wasActive = keys.active().kid === kid;
        const { active } = await keys.revoke(kid);
        print(`revoked signing key ${printable(kid)}`);
        if (wasActive) print(`active signing key: ${active}`);
      }),
    );
}
