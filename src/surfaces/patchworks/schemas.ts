import { Type } from '@sinclair/typebox';

/** Every error of this surface: `{"type": code}` (see useTypeErrors). */
export const ErrorBody = Type.Object({ type: Type.String() });

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
};

/** A list answer: `{"data": [...]}`. */
export function listOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ data: Type.Array(item) });
}

/** A single-object answer: `{"data": {...}}`. */
export function itemOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ data: item });
}

/** Seconds since the epoch as RFC 3339, or null for "never". */
export function isoTime(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}
