import { createServer } from 'node:net';

/** The ports the harness may give its servers, all on 127.0.0.1. */
export const portRange = { first: 7300, last: 7399 } as const;

const given = new Set<number>();

/**
 * A port of the range that nothing listens on and that this run has not handed out yet
 * (a child binds it a moment later, so the run remembers what it gave).
 */
export async function freePort(): Promise<number> {
  for (let port = portRange.first; port <= portRange.last; port++) {
    if (given.has(port)) continue;
    if (await canListen(port)) {
      given.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${portRange.first}-${portRange.last} on 127.0.0.1`);
}

/** Gives `port` back once its server has stopped. */
export function releasePort(port: number): void {
  given.delete(port);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
