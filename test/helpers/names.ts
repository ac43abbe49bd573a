/** A name that, printed raw, erases the operator's line and prints a forged row. */
export const forged = 'Acme\u001b[2K\rkey_partly_repairer ... revoked\n\u001b[8m';

/**
 * Names with a control or invisible character: Unicode Cc, Cf, Zl, Zp, Co, Cn, the other
 * default ignorables, and the blank Braille pattern.
 */
export const invisibleNames: Array<[string, string]> = [
  ['an escape sequence and a line break', forged],
  ['a carriage return', 'ci\rdeploy'],
  ['a tab', 'ci\tdeploy'],
  ['DEL', 'ci\u007f'],
  ['a C1 control (NEL)', 'ci\u0085deploy'],
  ['a zero-width space', 'ci\u200bdeploy'],
  ['a zero-width joiner', 'ci\u200d'],
  ['a right-to-left override', 'ci\u202edeploy'],
  ['a bidi isolate', '\u2066ci\u2069'],
  ['a byte-order mark', '\ufeffci'],
  ['a line separator', 'ci\u2028deploy'],
  ['a paragraph separator', 'ci\u2029deploy'],
  ['nothing but a Hangul filler', '\u3164'],
  ['a halfwidth Hangul filler', 'ci\uffa0'],
  ['a combining grapheme joiner', 'ci\u034fdeploy'],
  ['a variation selector', 'ci\ufe0f'],
  ['a variation selector supplement', 'ci\u{e0100}'],
  ['a Khmer inherent vowel', 'ci\u17b4'],
  ['a blank Braille pattern', '\u2800'],
  ['a noncharacter', 'ci\uffff'],
  ['a private-use character', 'ci\ue000'],
];
