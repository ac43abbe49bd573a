/** A name that, printed raw, erases the operator's line and prints a forged row. */
export const forged = 'Acme\u001b[2K\rkey_partly_repairer ... revoked\n\u001b[8m';

/** Names with a control or invisible character: Unicode Cc, Cf, Zl, Zp. */
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
];
