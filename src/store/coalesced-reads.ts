import type { CompiledQuery, QueryResult } from 'kysely';

/** Runs one read on the store: the store's own `executeQuery`. */
export type ReadExecutor = <Row>(query: CompiledQuery<Row>) => Promise<QueryResult<Row>>;

/**
 * Reads asked during one turn of the event loop, sent together at its end; identical ones
 * (the same SQL, the same values) are sent once and share the answer.
 *
 * Under load, the requests answered in one turn often ask the same thing: the calls of one
 * busy integration read the same records of the same org. Each read sent costs the server a
 * query's work (on PostgreSQL a round trip: the pool, the protocol, the rows to parse, and
 * the database's own work; on SQLite the statement and the rows), so N identical reads cost N
 * times one. Here a read is held until the turn's I/O has been handled (`setImmediate`), and
 * then each distinct read of the turn is sent once; every caller that asked for it gets the
 * same answer, which it must treat as read-only.
 *
 * A read is never joined to one already sent: it is sent after it was asked, so it is as fresh
 * as a read sent at once would be. On PostgreSQL it sees every write committed before it was
 * asked, on any instance; on SQLite it runs in the turn's shared read (shared-reads.ts), as
 * any SELECT does. (Joining a read already on its way would not be as fresh: it may have been
 * answered from the store as it was before a write that another instance confirmed to a
 * client, which then asked here.) Reads are only held, and only joined, within one turn: their
 * number is bounded by the requests one turn answers, and nothing is kept once they are sent.
 *
 * Only reads whose values are strings, null, or finite numbers other than -0 are joined (their
 * key tells them apart exactly); any other read is sent at the end of the turn on its own.
 */
export function coalescedReads(
  execute: ReadExecutor,
  {
    schedule = setImmediate,
  }: {
    /** Runs `send` once the turn's I/O is handled. */
    schedule?: (send: () => void) => void;
  } = {},
): ReadExecutor {
  let turn: Map<string, Pending> | undefined;
  let alone: Pending[] = [];
  const send = () => {
    const reads = [...(turn?.values() ?? []), ...alone];
    turn = undefined;
    alone = [];
    for (const read of reads) {
      // A read that throws rather than fails its promise fails alone; the others are sent.
      new Promise<QueryResult<unknown>>((answer) => answer(execute(read.query))).then(
        read.resolve,
        read.reject,
      );
    }
  };
  return <Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>> => {
    if (turn === undefined) {
      turn = new Map();
      schedule(send);
    }
    const key = keyOf(query);
    let read = key === undefined ? undefined : turn.get(key);
    if (read === undefined) {
      read = pending(query);
      if (key === undefined) alone.push(read);
      else turn.set(key, read);
    }
    return read.answer as Promise<QueryResult<Row>>;
  };
}

interface Pending {
  query: CompiledQuery;
  answer: Promise<QueryResult<unknown>>;
  resolve(result: QueryResult<unknown>): void;
  reject(error: unknown): void;
}

function pending(query: CompiledQuery): Pending {
  let resolve!: Pending['resolve'];
  let reject!: Pending['reject'];
  const answer = new Promise<QueryResult<unknown>>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { query, answer, resolve, reject };
}

/**
 * The SQL and its values, as JSON: two reads with the same key are the same read. Undefined
 * when a value is one JSON would blur with another (a Date and its text, a Buffer, NaN, -0).
 */
function keyOf(query: CompiledQuery): string | undefined {
  for (const value of query.parameters) {
    const exact =
      value === null ||
      typeof value === 'string' ||
      (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0));
    if (!exact) return undefined;
  }
  return JSON.stringify([query.sql, query.parameters]);
}
