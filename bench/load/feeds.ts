/**
 * Values that change from request to request. A pool hands out single-use or first-seen
 * values (access codes, tokens, keys), each once; a chain hands out what the previous answers
 * returned (refresh tokens, each used once, after its predecessor was answered). Neither ever
 * sends a value twice: a request that finds none left is counted as starved, which fails
 * the round (round-check.ts).
 */
export interface Feed {
  /** The next value to send. */
  take(): string;
  /** Requests that found no value left. */
  readonly starved: number;
}

/** The values of `values`, in order, each once. */
export function pool(values: readonly string[]): Feed & { readonly left: number } {
  let next = 0;
  let starved = 0;
  return {
    take() {
      const value = values[next];
      if (value === undefined) {
        starved++;
        return 'starved';
      }
      next++;
      return value;
    },
    get starved() {
      return starved;
    },
    get left() {
      return values.length - next;
    },
  };
}

/**
 * Starts with `first` (one value per connection) and then sends what the answers gave back:
 * each answer `give`s the value its successor is to carry. A connection sends its next
 * request only after its answer was read (autocannon reads the answer first), so a value
 * is always there while every answer gives one.
 */
export function chain(first: readonly string[]): Feed & { give(value: string): void } {
  const queue = [...first];
  let starved = 0;
  return {
    take() {
      const value = queue.shift();
      if (value === undefined) {
        starved++;
        return 'starved';
      }
      return value;
    },
    give(value) {
      queue.push(value);
    },
    get starved() {
      return starved;
    },
  };
}
