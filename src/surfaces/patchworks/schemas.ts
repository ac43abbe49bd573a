import { Type } from '@sinclair/typebox';
import { TypeErrorBody } from '../wire.js';

/** Every error of this surface: `{"type": code}` (see typeErrorRenderer). */
export const errorResponses = {
  400: TypeErrorBody,
  401: TypeErrorBody,
  403: TypeErrorBody,
  404: TypeErrorBody,
  429: TypeErrorBody,
};

/** A list answer: `{"data": [...]}`. */
export function listOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ data: Type.Array(item) });
}

/** A single-object answer: `{"data": {...}}`. */
export function itemOf<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ data: item });
}
