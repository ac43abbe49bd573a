import { Type } from '@sinclair/typebox';
import { DomainError } from '../../errors.js';
import type { OrgRecord, RecordKind } from '../../records/service.js';
import type { Caller, PartlyDeps } from './rpc.js';

/** The body of every `*.get` / `*.confirm` method: `{"identity": {"id": "<uuid>"}}`. */
export const IdentityBody = Type.Object({
  identity: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
});

/** The body of a method that takes no parameters: any JSON object, usually `{}`. */
export const EmptyBody = Type.Object({});

/** A demo record on the wire: its id, then its fields (`{"id", "vehicle", "status"}`). */
export function recordView(record: OrgRecord) {
  return { id: record.id, ...record.data };
}

/** The caller's own org's records of `kind`. */
export async function listOwn(deps: PartlyDeps, caller: Caller, kind: RecordKind) {
  const records = await deps.records.list(caller.org.id, kind);
  return records.map(recordView);
}

/**
 * One record of the caller's own org. Another org's record is `not_found`, exactly as a
 * record that does not exist: a cross-org read is hidden, not denied. Ids are UUIDs, stored
 * in lower case, and match in either case.
 */
export async function getOwn(deps: PartlyDeps, caller: Caller, kind: RecordKind, id: string) {
  const record = await deps.records.get(caller.org.id, kind, id.toLowerCase());
  if (record === undefined) throw notFound(kind);
  return recordView(record);
}

export const notFound = (kind: RecordKind) => new DomainError('not_found', `no such ${kind}`);
