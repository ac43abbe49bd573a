/** Where a command prints its lines (the terminal; a list in tests). */
export type Print = (line: string) => void;

/** Collects a repeatable option (`--scope a --scope b`) into a list. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
