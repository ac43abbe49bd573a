import { decodeJwt } from 'jose';
import { expect } from 'vitest';

/** The fixtures of docs/sandbox.md, "Partium-style", exactly as users paste them into curl. */
export const demoKey = 'partium_demo_key_5c1f0e2d9b8a7c6d4e3f';
export const dev = { email: 'dev@partium.example', password: 'demo-dev-pass' };
export const viewer = { email: 'viewer@partium.example', password: 'demo-viewer-pass' };
export const demoPartsCo = 'org_demo_parts';
export const secondPartsCo = 'org_second_parts';

export const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;
export const refreshShape = /^ghr_[\w-]{43}$/;
export const tokenPair = (expiresIn = 600) => ({
  access_token: expect.stringMatching(jwtShape),
  refresh_token: expect.stringMatching(refreshShape),
  token_type: 'Bearer',
  expires_in: expiresIn,
});

/** Demo Parts Co's catalogue, in the order search returns it (by name). */
export const airFilter = { id: 'prt_air_filter', name: 'Air filter', part_number: 'AF-17801' };
export const brakePadSet = {
  id: 'prt_brake_pad_set',
  name: 'Brake pad set',
  part_number: 'BP-2019-COR',
};
export const oilFilter = { id: 'prt_oil_filter', name: 'Oil filter', part_number: 'OF-90915' };
export const sparkPlug = { id: 'prt_spark_plug', name: 'Spark plug', part_number: 'SP-IK20' };
export const wiperBlade = { id: 'prt_wiper_blade', name: 'Wiper blade', part_number: 'WB-600' };
export const demoCatalogue = [airFilter, brakePadSet, oilFilter, sparkPlug, wiperBlade];
export const secondCatalogue = [
  { id: 'prt_second_brake_disc', name: 'Brake disc', part_number: 'BD-330' },
];

export function basic(user: { email: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`;
}

export const bearer = (credential: string) => `Bearer ${credential}`;

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON ('' when empty). */
  body: unknown;
}

export interface Call {
  method?: string;
  authorization?: string;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  contentType?: string;
}

/** One request over real HTTP to the server at `base`. */
export async function call(base: string, path: string, options: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.contentType !== undefined) {
    headers['content-type'] = options.contentType;
  }
  const response = await fetch(base + path, {
    method: options.method ?? 'POST',
    headers,
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? '' : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** The fields of an access token that matter to the contract. */
export function claimsOf(accessToken: string) {
  const { org, sub, sub_type, roles, client_id } = decodeJwt(accessToken);
  return { org, sub, sub_type, roles, client_id };
}

export function field(answer: Answer, name: string): string {
  const value = (answer.body as Record<string, unknown>)[name];
  if (typeof value !== 'string') throw new Error(`no ${name} in ${JSON.stringify(answer.body)}`);
  return value;
}
