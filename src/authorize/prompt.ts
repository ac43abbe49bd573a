import { splitList } from '../lib/lists.js';
import { authorizeError } from './errors.js';
import type { AuthorizationParameters } from './parameters.js';

/** The `prompt` values Gatehouse understands (OpenID Connect Core §3.1.2.1). */
export const promptValues = ['none', 'login', 'consent'] as const;

export type Prompt = (typeof promptValues)[number];

const isPrompt = (value: string): value is Prompt =>
  (promptValues as readonly string[]).includes(value);

/**
 * `prompt` as a set (OpenID Connect Core §3.1.2.1): `none` (show nothing: answer at once, or
 * with an error), `login` (the person signs in again), `consent` (ask even if allowed
 * before). Any other value, and `none` with another, make the request invalid.
 */
export function readPrompt(params: AuthorizationParameters): ReadonlySet<Prompt> {
  const values = splitList(params.prompt);
  const known = values.filter(isPrompt);
  if (known.length !== values.length) {
    throw authorizeError('invalid_request', 'prompt may hold only none, login and consent');
  }
  const prompt = new Set(known);
  if (prompt.has('none') && prompt.size > 1) {
    throw authorizeError('invalid_request', 'prompt=none cannot be combined with another value');
  }
  return prompt;
}

/**
 * `max_age` (OpenID Connect Core §3.1.2.1): the most seconds since the person signed in that
 * the client accepts, a non-negative integer.
 */
export function readMaxAge(params: AuthorizationParameters): number | undefined {
  const value = params.max_age;
  if (value === undefined) return undefined;
  const seconds = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seconds)) {
    throw authorizeError('invalid_request', 'max_age must be a non-negative integer of seconds');
  }
  return seconds;
}
