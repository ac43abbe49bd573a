#!/usr/bin/env node
import { buildCli } from './commands.js';
import { printable } from './printable.js';

try {
  await buildCli().parseAsync(process.argv);
} catch (error) {
  // One line for the operator; the stack only when asked for (DEBUG=1).
  console.error(`gatehouse: ${printable(error instanceof Error ? error.message : String(error))}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
