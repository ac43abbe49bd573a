import { invisibleCharacters } from '../lib/names.js';

const everyInvisible = new RegExp(invisibleCharacters.source, 'gu');

/**
 * A value as the command line prints it: every control or invisible character (names.ts)
 * shown as an escape (`\u001b`, `\u{e0041}`), so that nothing read from the store, whoever
 * wrote it, can move the cursor, clear a line, start a forged row or reorder the text on
 * the operator's terminal. Every line that shows stored data passes its values through here.
 */
export function printable(value: string): string {
  return value.replace(everyInvisible, (character) => {
    const code = character.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
