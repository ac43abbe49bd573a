import { Command } from 'commander';
import { addCredentialCommands } from './credential-commands.js';
import type { Print } from './print.js';
import { addServerCommands } from './server-commands.js';
import { addSigningKeyCommands } from './signing-key-commands.js';
import { addTenantCommands } from './tenant-commands.js';

/**
 * The `gatehouse` command line. Each command prints what it made; secrets once. Every value
 * read from the store or given by the operator is printed through `printable`.
 */
export function buildCli(print: Print = (line) => console.log(line)): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: authentication and authorization for partner APIs')
    .showHelpAfterError();

  addServerCommands(program, print);
  addTenantCommands(program, print);
  addCredentialCommands(program, print);
  addSigningKeyCommands(program, print);
  return program;
}
