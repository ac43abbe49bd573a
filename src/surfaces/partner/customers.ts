import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { OrgRecord } from '../../records/service.js';
import { DomainError } from '../../errors.js';
import { nonBlankPrintableNamePattern } from '../../lib/names.js';
import type { Command } from './command.js';
import { isUuid } from '../../lib/random.js';
import { defineCommand } from './command.js';

const LegalEntity = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200, pattern: nonBlankPrintableNamePattern }) },
  { additionalProperties: false },
);

const CustomerView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  created_by: Type.Union([Type.String(), Type.Null()]),
});

export const customerCommands: Command[] = [
  // {name} -> 201 {id}: a legal-entity customer of the caller's org.
  defineCommand({
    name: 'create-legal-entity-customer',
    requestor: 'exempt',
    body: LegalEntity,
    status: 201,
    response: Type.Object({ id: Type.String() }),
    async run({ name }, { caller, records }) {
      const id = randomUUID();
      await records.create(caller.principal.orgId, 'customer', id, {
        type: 'legal_entity',
        name,
        created_by: caller.requestorId,
      });
      return { id };
    },
  }),
  // {name} -> 200 {name, status: "prepared"}: checks the legal entity, stores nothing.
  defineCommand({
    name: 'prepare-legal-entity',
    requestor: 'exempt',
    body: LegalEntity,
    status: 200,
    response: Type.Object({ name: Type.String(), status: Type.Literal('prepared') }),
    run: async ({ name }) => ({ name, status: 'prepared' as const }),
  }),
  // {} -> 200 {customers}: the caller's org's customers, oldest first.
  defineCommand({
    name: 'list-customers',
    requestor: 'required',
    body: Type.Object({}, { additionalProperties: false }),
    status: 200,
    response: Type.Object({ customers: Type.Array(CustomerView) }),
    async run(_body, { caller, records }) {
      const customers = await records.list(caller.principal.orgId, 'customer');
      return { customers: customers.map(customerView) };
    },
  }),
  // {id} -> 200 the customer; another org's or no such customer -> 404 not_found.
  defineCommand({
    name: 'get-customer',
    requestor: 'required',
    body: Type.Object(
      { id: Type.String({ minLength: 1, maxLength: 100 }) },
      { additionalProperties: false },
    ),
    status: 200,
    response: CustomerView,
    async run({ id }, { caller, records }) {
      // Customer ids are UUIDs: anything else is simply not there.
      const customer = isUuid(id)
        ? await records.get(caller.principal.orgId, 'customer', id.toLowerCase())
        : undefined;
      if (customer === undefined) throw new DomainError('not_found', 'no such customer');
      return customerView(customer);
    },
  }),
];

function customerView(record: OrgRecord) {
  const text = (key: string) => {
    const value = record.data[key];
    return typeof value === 'string' ? value : null;
  };
  return {
    id: record.id,
    type: text('type') ?? 'legal_entity',
    name: text('name') ?? '',
    created_by: text('created_by'),
  };
}
