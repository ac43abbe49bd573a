/** RFC 6749 §5.1: responses that carry tokens or credentials must not be cached. */
export const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
