import { DomainError } from '../errors.js';

/**
 * Characters no name may hold: controls (Unicode Cc: C0, DEL, C1, which a terminal obeys:
 * ESC, CR, LF, ...), format characters (Cf: zero-width spaces and joiners, bidi overrides
 * and isolates, the byte-order mark, tags), line and paragraph separators (Zl, Zp), and
 * lone surrogates (Cs), private-use and unassigned code points (Co, Cn), the other default
 * ignorables, which draw nothing (Hangul fillers, variation selectors, the combining
 * grapheme joiner), and the blank Braille pattern. Names are shown to people (in the CLI, in lists, across tenants: an
 * integration's key is named after a client another org named), and each of these either
 * does something to the screen or shows something other than what is stored.
 */
export const invisibleCharacters =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\u2800]/u;

const invisibleClass =
  '\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}\\p{Co}\\p{Cn}\\p{Default_Ignorable_Code_Point}\\u2800';

/** The same rule as a JSON Schema `pattern` (Ajv compiles patterns with the `u` flag). */
export const printableNamePattern = `^[^${invisibleClass}]*$`;

/** The same, and at least one character that is not white space. */
export const nonBlankPrintableNamePattern = `^(?=.*\\S)[^${invisibleClass}]*$`;

/** `invalid_input` naming `field` when `name` holds a control or invisible character. */
export function requirePrintableName(field: string, name: string): void {
  if (invisibleCharacters.test(name)) {
    throw new DomainError(
      'invalid_input',
      `${field} must not contain control or invisible characters`,
    );
  }
}

/** `name` without any control or invisible character, for names derived from stored ones. */
export function withoutInvisibleCharacters(name: string): string {
  return name.replace(new RegExp(invisibleCharacters.source, 'gu'), '');
}

/**
 * `name` trimmed, once it is 1 to 200 characters without its surrounding white space and
 * holds no control or invisible character (as typed); `invalid_request` naming `field` if not.
 */
export function requireName(field: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 200) {
    throw new DomainError('invalid_input', `${field} must be 1 to 200 characters`);
  }
  requirePrintableName(field, name);
  return trimmed;
}
