/**
 * The seconds around a time limit, for `it.each`: a second before it, the second it is
 * reached and a second after, each with whether what the limit ends still holds then. Every
 * limit of Gatehouse is exclusive: what ends at `t` is already over at `t`.
 */
export const aroundTheLimit: [at: string, offset: number, holds: boolean][] = [
  ['a second before the limit', -1, true],
  ['the second of the limit', 0, false],
  ['a second after the limit', 1, false],
];
