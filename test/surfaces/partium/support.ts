import type { FastifyInstance } from 'fastify';

/** The demo API key of Demo Parts Co (docs/sandbox.md). */
export const demoKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';

/** Partium's answers with no detail beyond their type. */
export const unauthorized = { status: 401, body: { type: 'unauthorized' } };

/**
 * A POST to Partium with `authorization` sent exactly as given and a JSON `body` if any: the
 * status and the body, '' when there is none.
 */
export async function post(
  app: FastifyInstance,
  url: string,
  authorization?: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: authorization === undefined ? {} : { authorization },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: res.body === '' ? '' : (res.json() as unknown) };
}
