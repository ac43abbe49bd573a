/** OAuth writes lists (scopes, grant types) space-separated (RFC 6749 §3.3). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(' ').filter((part) => part !== '');
}

export function joinList(values: readonly string[]): string {
  return values.join(' ');
}
