/**
 * The API's errors as RFC 9457 problem details (`application/problem+json`). Each kind of error
 * has one stable `type`, `https://derbes.kz/problems/<slug>`, that a client branches on; `title`
 * says what the type means, `detail` what happened this time. The table is the contract: the
 * OpenAPI document (lib/api/openapi.ts) lists it, docs/integration.md explains it.
 */
export const PROBLEM_BASE = 'https://derbes.kz/problems/';

export const problemTypes = {
  unauthorized: { status: 401, title: 'The bearer token is missing, unknown, revoked or expired.' },
  'forbidden-scope': { status: 403, title: "The token's scopes do not include the one this operation needs." },
  'other-system': { status: 403, title: "A token acts only for its own system: another system's tasks are not its." },
  'not-found': { status: 404, title: 'No such resource, or not one this token may see.' },
  malformed: { status: 400, title: 'The body is not a JSON document.' },
  validation: { status: 422, title: 'Some fields are invalid; `errors` names each.' },
  'unknown-category': { status: 422, title: 'No data category of the inventory has this code.' },
  'category-not-in-system': { status: 422, title: "The token's system does not hold this category (the inventory)." },
  'unknown-purpose': { status: 422, title: 'A purpose code is not one of the inventory in force.' },
  'unknown-recipient': { status: 422, title: 'No recipient of the inventory has this code.' },
  'duplicate-item': { status: 422, title: 'The batch names the same subject and category twice.' },
  'idempotency-conflict': {
    status: 422,
    title: 'This Idempotency-Key was used with another request: a different body, method or path.',
  },
  conflict: { status: 409, title: "The subject's keys contradict what the portal holds: a person resolves it." },
  'destroyed-item': {
    status: 409,
    title: 'The item was destroyed (Art. 1(6) of Law 94-V): it is never written again.',
  },
  'blocked-item': {
    status: 409,
    title: 'The item is blocked (Art. 1(3)): it is stored but not changed or passed on.',
  },
  'task-closed': { status: 409, title: 'The task was already closed with the other outcome.' },
  'payload-too-large': { status: 413, title: 'The body is larger than the API accepts.' },
  'rate-limited': { status: 429, title: "Too many calls with this token: wait for Retry-After's seconds." },
  internal: { status: 500, title: 'The portal failed; nothing was changed. Try again later.' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof problemTypes;

/** A field that failed validation: its path (`items.3.source`), a stable code and words. */
export type FieldError = { field: string; code: string; detail: string };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

/** Thrown anywhere under a route to answer with a problem; nothing in the transaction is kept. */
export class ApiProblem extends Error {
  constructor(
    readonly slug: ProblemSlug,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(`${slug}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiProblem';
  }
}

export function problemBody(slug: ProblemSlug, detail?: string, extensions: Record<string, unknown> = {}): ProblemBody {
  const { status, title } = problemTypes[slug];
  return { type: `${PROBLEM_BASE}${slug}`, title, status, ...(detail ? { detail } : {}), ...extensions };
}

export function problemResponse(problem: ApiProblem, instance?: string): Response {
  const body = problemBody(problem.slug, problem.detail, { ...problem.extensions, ...(instance ? { instance } : {}) });
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...problem.headers },
  });
}
