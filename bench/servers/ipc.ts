/**
 * The channel between the harness and a server child (node:child_process `fork`): the child
 * says when it listens, and answers the harness's calls (values prepared before a round, such
 * as single-use codes). Load never goes through it: the child's log goes to a file, and its
 * answers to requests over TCP.
 */

/** A child's named preparations; each takes a count and answers something JSON can carry. */
export type Preparations = Record<string, (count: number) => Promise<unknown>>;

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: string };

export type ParentMessage =
  { type: 'call'; id: number; name: string; count: number } | { type: 'stop' };

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * In the child: reports it ready, then answers calls until told to stop; `stop` closes what
 * the child opened, so that the process ends on its own (and `--cpu-prof` writes its profile).
 */
export function answerParent(preparations: Preparations, stop: () => Promise<void>): void {
  if (process.send === undefined) throw new Error('a bench server runs as a child of the harness');
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
      return;
    }
    const prepare = preparations[message.name];
    if (prepare === undefined) {
      send({ type: 'failed', id: message.id, error: `no preparation named ${message.name}` });
      return;
    }
    prepare(message.count).then(
      (result) => send({ type: 'reply', id: message.id, result }),
      (error: unknown) => send({ type: 'failed', id: message.id, error: String(error) }),
    );
  });
  send({ type: 'ready' });
}

/** The port the harness gave the child in `name`, which must be set. */
export function portFrom(env: NodeJS.ProcessEnv, name: string): number {
  const port = Number(env[name]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`${name} must be a port`);
  return port;
}
