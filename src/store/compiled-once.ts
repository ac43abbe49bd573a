import type { Compilable, CompiledQuery } from 'kysely';

/**
 * A query of a fixed shape whose values change from call to call, built and compiled once.
 * Kysely builds a query's operation tree and compiles it to SQL at every call: for a
 * one-statement lookup on SQLite that is about as long as running it, though the SQL text
 * never changes. Here `build` runs once, with a placeholder for each value; each call then
 * binds its values in the placeholders' places. The SQL and parameters are exactly those
 * Kysely would have compiled for the same values, and the values are still bound, never
 * written into the text.
 */
export function compiledOnce<Values extends readonly string[], Row>(
  build: (...values: Values) => Compilable<Row>,
  arity: Values['length'],
): (...values: Values) => CompiledQuery<Row> {
  // Placeholders with NULs: no constant of the query itself can look like one.
  const placeholders = Array.from({ length: arity }, (_, index) => `\u0000value ${index}\u0000`);
  const compiled = build(...(placeholders as unknown as Values)).compile();
  // For each parameter, the value it takes, or -1 for a constant of the query itself.
  const slots = compiled.parameters.map((parameter) =>
    typeof parameter === 'string' ? placeholders.indexOf(parameter) : -1,
  );
  // A value written into the text, or one the query never uses, is a mistake in `build`.
  const bound = new Set(slots.filter((slot) => slot !== -1));
  if (bound.size !== arity || placeholders.some((text) => compiled.sql.includes(text))) {
    throw new Error(`each value must be bound exactly as a parameter: ${compiled.sql}`);
  }
  return (...values) => ({
    ...compiled,
    parameters: slots.map((slot, at) => (slot === -1 ? compiled.parameters[at] : values[slot])),
  });
}
