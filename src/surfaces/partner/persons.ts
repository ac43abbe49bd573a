import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Command, CommandContext } from './command.js';
import { defineCommand } from './command.js';

// A name has at least one character that is not white space.
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

const NaturalPerson = Type.Object(
  { first_name: Name, last_name: Name },
  { additionalProperties: false },
);
type NaturalPerson = Static<typeof NaturalPerson>;

/** A new natural person of the caller's org; its id is a Requestor-ID from now on. */
async function createNaturalPerson(person: NaturalPerson, { caller, records }: CommandContext) {
  const id = randomUUID();
  await records.create(caller.principal.orgId, 'natural_person', id, {
    first_name: person.first_name,
    last_name: person.last_name,
    created_by: caller.requestorId,
  });
  return id;
}

export const personCommands: Command[] = [
  // {first_name, last_name} -> 201 {id}
  defineCommand({
    name: 'create-natural-person',
    requestor: 'exempt',
    body: NaturalPerson,
    status: 201,
    response: Type.Object({ id: Type.String() }),
    run: async (person, context) => ({ id: await createNaturalPerson(person, context) }),
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
    async run({ persons }, context) {
      const ids: string[] = [];
      for (const person of persons) ids.push(await createNaturalPerson(person, context));
      return { ids };
    },
  }),
];
