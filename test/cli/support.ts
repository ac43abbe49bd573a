import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildCli } from '../../src/cli/commands.js';

const touched = ['DATABASE_URL', 'GATEHOUSE_HASH_KEY', 'GATEHOUSE_SECRET_KEY'] as const;
/** The GATEHOUSE_SECRET_KEY the CLI tests run with, as an operator sets it. */
export const cliSecretKey = '0f'.repeat(32);

/**
 * Points the CLI at a fresh SQLite file for the tests of one file (DATABASE_URL and
 * GATEHOUSE_SECRET_KEY, as an operator would), and puts the environment back afterwards.
 */
export function useCliStore(): void {
  let dir: string | undefined;
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const name of touched) saved.set(name, process.env[name]);
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    process.env.DATABASE_URL = `sqlite:${join(dir, 'x.db')}`;
    process.env.GATEHOUSE_SECRET_KEY = cliSecretKey;
    delete process.env.GATEHOUSE_HASH_KEY;
  });
  afterAll(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
}

/** Runs `gatehouse ...args` and resolves to the lines it printed. */
export async function gatehouse(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = withoutExit(
    buildCli((line) => lines.push(line)),
    [],
  );
  await program.parseAsync(['node', 'gatehouse', ...args]);
  return lines;
}

/** The usage error commander reports for `args`, where `gatehouse` would exit with 1. */
export async function usageError(
  ...args: string[]
): Promise<{ code: string; message: string; printed: string[] }> {
  const printed: string[] = [];
  const errors: string[] = [];
  const program = withoutExit(
    buildCli((line) => printed.push(line)),
    errors,
  );
  const error: unknown = await program.parseAsync(['node', 'gatehouse', ...args]).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CommanderError)) throw new Error(`expected a usage error, got ${error}`);
  expect(error.exitCode).toBe(1);
  expect(errors.join('')).toContain(error.message);
  return { code: error.code, message: error.message, printed };
}

/** The line of `lines` that matches `pattern`, and its first group. */
export function pick(lines: string[], pattern: RegExp): string {
  const match = lines.map((line) => pattern.exec(line)).find((m) => m !== null);
  const group = match?.[1];
  if (group === undefined) throw new Error(`no line matches ${pattern}: ${lines.join(' | ')}`);
  return group;
}

// commander calls process.exit on a usage error unless told otherwise, on every subcommand.
function withoutExit(command: Command, errors: string[]): Command {
  command.exitOverride().configureOutput({
    writeOut: () => {},
    writeErr: (text) => errors.push(text),
  });
  for (const sub of command.commands) withoutExit(sub, errors);
  return command;
}

/**
 * Command-line options: `{ name: 'x', scope: ['a', 'b'] }` is `--name x --scope a --scope b`,
 * in the order written.
 */
export function flags(options: Record<string, string | string[]>): string[] {
  return Object.entries(options).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((one) => [`--${name}`, one]),
  );
}
