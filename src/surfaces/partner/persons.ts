import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Command, CommandContext } from './command.js';
import { defineCommand } from './command.js';
import { nonBlankPrintableNamePattern } from '../../lib/names.js';

// A name has at least one character that is not white space, and none that is invisible.
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: nonBlankPrintableNamePattern });

const NaturalPerson = Type.Object(
  { first_name: Name, last_name: Name },
  { additionalProperties: false },
);
type NaturalPerson = Static<typeof NaturalPerson>;

/**
 * New natural persons of the caller's org, all or none; their ids are Requestor-IDs from
 * now on.
 */
async function createNaturalPersons(
  persons: readonly NaturalPerson[],
  { caller, records }: CommandContext,
): Promise<string[]> {
  const created = await records.createMany(
    caller.principal.orgId,
    'natural_person',
    persons.map((person) => ({
      id: randomUUID(),
      data: {
        first_name: person.first_name,
        last_name: person.last_name,
        created_by: caller.requestorId,
      },
    })),
  );
  return created.map((record) => record.id);
}

export const personCommands: Command[] = [
  // {first_name, last_name} -> 201 {id}
  defineCommand({
    name: 'create-natural-person',
    requestor: 'exempt',
    body: NaturalPerson,
    status: 201,
    response: Type.Object({ id: Type.String() }),
    run: async (person, context) => {
      const [id = ''] = await createNaturalPersons([person], context);
      return { id };
    },
  }),
  // {persons: [{first_name, last_name}, ...]} (1 to 20) -> 201 {ids}, in the order given
  defineCommand({
    name: 'natural-persons-wizard',
    requestor: 'exempt',
    body: Type.Object(
      { persons: Type.Array(NaturalPerson, { minItems: 1, maxItems: 20 }) },
      { additionalProperties: false },
    ),
    status: 201,
    response: Type.Object({ ids: Type.Array(Type.String()) }),
    run: async ({ persons }, context) => ({ ids: await createNaturalPersons(persons, context) }),
  }),
];
