import { headersOf, type Credential } from '../surfaces/partly/support.js';

export const json = 'application/json';

/** Every method of the Partly-style surface (docs/sandbox.md). */
export const partlyMethods = [
  'integrations.insert',
  'integrations.get',
  'integrations.delete',
  'repairer.jobs.list',
  'repairer.jobs.get',
  'supplier.procurements.list',
  'supplier.procurements.get',
  'supplier.procurements.confirm',
];

export interface Answer {
  status: number;
  body: unknown;
}

export const error = (status: number, type: string): Answer => ({ status, body: { type } });

/** Calls of the running server over real HTTP (global fetch). */
export function partlyClient(base: () => string) {
  /** `POST /api/2026-01/<method>` over real HTTP, like the documented curl lines. */
  async function call(method: string, body: unknown, who?: Credential): Promise<Answer> {
    return send(method, {
      method: 'POST',
      headers: { 'content-type': json, ...(who ? headersOf(who) : {}) },
      body: JSON.stringify(body),
    });
  }
  async function send(method: string, init: RequestInit): Promise<Answer> {
    const res = await fetch(`${base()}/api/2026-01/${method}`, init);
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  }
  return { call, send };
}
