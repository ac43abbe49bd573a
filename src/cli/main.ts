#!/usr/bin/env node
import { buildCli } from './commands.js';
import { printable } from './printable.js';

try {
  await buildCli().parseAsync(process.argv);
} catch (error) {
  // One line for the operator; the stack only when asked for (DEBUG=1).
  // Line by line: a message may span lines (a how-to to paste), but each is shown escaped.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`gatehouse: ${message.split('\n').map(printable).join('\n')}`);
  if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
