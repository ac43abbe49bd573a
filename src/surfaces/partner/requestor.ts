import { partnerError } from './errors.js';
import type { RecordService } from '../../records/service.js';
import { isUuid } from '../../lib/random.js';

/** The header that names the natural person on whose behalf a command is sent. */
export const requestorHeader = 'requestor-id';

/**
 * The contract (docs/partner.md): every command names its requestor, a natural person,
 * except the commands that create natural persons and legal-entity customers, which are
 * `exempt`.
 */
export type RequestorPolicy = 'required' | 'exempt';

/**
 * The one requestor rule of the surface. A required Requestor-ID must be present
 * (`requestor_id_required`) and name a natural person of the caller's org
 * (`invalid_requestor_id` otherwise: not a UUID, unknown, or another org's). An exempt
 * command does not need one and never fails for one; if it names a natural person of the
 * org, that person is still recorded as the requestor. Answers the requestor's id, or null.
 */
export async function resolveRequestor(
  policy: RequestorPolicy,
  header: string | string[] | undefined,
  orgId: string,
  records: RecordService,
): Promise<string | null> {
  const given = typeof header === 'string' ? header.trim() : header;
  if (policy === 'exempt') {
    return typeof given === 'string' && given !== ''
      ? ((await findNaturalPerson(given, orgId, records)) ?? null)
      : null;
  }
  if (given === undefined || given === '') {
    throw partnerError('requestor_id_required', 'the Requestor-ID header is required');
  }
  // A repeated header arrives as a list (or joined by commas): never one person.
  const id = typeof given === 'string' ? await findNaturalPerson(given, orgId, records) : undefined;
  if (id === undefined) {
    throw partnerError(
      'invalid_requestor_id',
      'Requestor-ID must be the id of a natural person of your organization',
    );
  }
  return id;
}

async function findNaturalPerson(
  value: string,
  orgId: string,
  records: RecordService,
): Promise<string | undefined> {
  // Ids are UUIDs: anything else is refused without a store hit.
  if (!isUuid(value)) return undefined;
  const person = await records.get(orgId, 'natural_person', value.toLowerCase());
  return person?.id;
}
