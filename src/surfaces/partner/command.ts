import type { Static, TSchema } from '@sinclair/typebox';
import type { RecordService } from '../../records/service.js';
import type { Caller } from './caller.js';
import type { RequestorPolicy } from './requestor.js';

/** What a command may use: who sends it, and the org's demo records. */
export interface CommandContext {
  caller: Caller;
  records: RecordService;
}

/**
 * One partner command: its name in `POST /partner/v1/commands/<name>`, its requestor rule,
 * its JSON body and response schemas, and what it does. The route validates the body
 * against `body` before `run` sees it.
 */
export interface CommandDefinition<Body extends TSchema, Response extends TSchema> {
  name: string;
  requestor: RequestorPolicy;
  body: Body;
  status: 200 | 201;
  response: Response;
  run(body: Static<Body>, context: CommandContext): Promise<Static<Response>>;
}

/** A command with its types erased, so that commands of different shapes share one list. */
export interface Command {
  name: string;
  requestor: RequestorPolicy;
  body: TSchema;
  status: 200 | 201;
  response: TSchema;
  run(body: unknown, context: CommandContext): Promise<unknown>;
}

export function defineCommand<Body extends TSchema, Response extends TSchema>(
  definition: CommandDefinition<Body, Response>,
): Command {
  return {
    ...definition,
    // The body has passed `definition.body` by the time a command runs.
    run: (body, context) => definition.run(body as Static<Body>, context),
  };
}
