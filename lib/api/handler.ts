import { z } from 'zod';
import { getDb, type Db, type Tx } from '@/db';
import { API_RACES, transactionWithRetries } from '@/db/retry';
import { recordAudits, type Actor, type AuditInput } from '@/lib/audit/record';
import { isDomainError } from '@/lib/errors';
import { translatorFor } from '@/lib/i18n/translator';
import { logger } from '@/lib/log';
import { authenticate, authenticateRecent, countCall, requireScope, type ApiCaller } from './authenticate';
import { findStoredAnswer, readIdempotencyKey, requestFingerprint, storeAnswer } from './idempotency';
import type { Operation } from './operation';
import { ApiProblem, problemResponse, type FieldError } from './problems';

/**
 * How every API route runs: parse (path, query, body, each against the operation's zod schema) →
 * authorize (the bearer token, its scope, its rate limit) → run in one transaction (with the
 * Idempotency-Key's answer found or kept in it) → audit (every read or change of a subject's data,
 * as the token, `details.apiToken` its name, so the subject's activity shows it like a staff
 * action, Art. 8-2) → respond, JSON or an RFC 9457 problem. A route handler is the operation and
 * its `run`; nothing else.
 */

/** A body larger than this is refused (413): a batch of 1,000 items of 2,000 characters fits. */
export const MAX_API_BODY_BYTES = 4 * 1024 * 1024;

export type ApiContext<Params, Query, Body> = {
  tx: Tx;
  caller: ApiCaller | null;
  params: Params;
  query: Query;
  body: Body;
  /** Records audit events as the token (Art. 8-2); `details.apiToken` names it. */
  audit: (events: Omit<AuditInput, 'actor'>[]) => Promise<void>;
};

export type ApiAnswer<Body> = { status?: number; body: Body; headers?: Record<string, string> };

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** A call that runs in a transaction shared with other calls (lib/api/group-commit.ts). */
export type GroupedCall<Params, Query, Body> = Omit<ApiContext<Params, Query, Body>, 'tx' | 'audit'> & {
  caller: ApiCaller;
};

/** The audit actor of a token: its id, role `api`. */
export function apiActor(caller: ApiCaller): Actor {
  return { id: caller.tokenId, role: 'api' };
}

/** What an audit event of an API call carries besides its own details: the token's name. */
export function apiDetails(caller: ApiCaller): Record<string, unknown> {
  return { api: true, apiToken: caller.tokenName };
}

export function apiRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, A extends z.ZodType>(
  operation: Operation<P, Q, B, A>,
  run: (context: ApiContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<ApiAnswer<z.input<A>>>,
  options: {
    db?: () => Db;
    /**
     * Where the call may share its transaction with concurrent ones (group commit): used when it
     * carries no Idempotency-Key (a kept answer belongs to one call's own transaction).
     */
    grouped?: (db: Db, call: GroupedCall<z.output<P>, z.output<Q>, z.output<B>>) => Promise<ApiAnswer<z.input<A>>>;
  } = {},
) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    const db = (options.db ?? getDb)();
    const url = new URL(request.url);
    try {
      // A call that may share a transaction (no Idempotency-Key) has its token checked again and
      // counted against its limit there, with the others (admitCalls); any other call here.
      const groupable = Boolean(options.grouped) && !request.headers.has('idempotency-key');
      let caller: ApiCaller | null = null;
      if (operation.scope) {
        const authorization = request.headers.get('authorization');
        caller = await (groupable ? authenticateRecent : authenticate)(db, authorization);
        requireScope(caller, operation.scope);
        if (!groupable) await countCall(db, caller);
      }
      let params, query, raw, body, key;
      try {
        params = parse(operation.params, (await context?.params) ?? {}, 'path');
        query = parse(operation.query, Object.fromEntries(url.searchParams), 'query');
        raw = operation.body ? await readJson(request) : undefined;
        body = parse(operation.body, raw, 'body');
        key = operation.method !== 'get' && caller ? readIdempotencyKey(request.headers.get('idempotency-key')) : null;
      } catch (error) {
        // Refused before it reached a group, it still counts: a loop sending bad calls is stopped too.
        // Its token, known from a call a moment ago (authenticateRecent), is checked again first.
        if (caller && groupable) await countCall(db, await authenticate(db, request.headers.get('authorization')));
        throw error;
      }
      const fingerprint = key ? requestFingerprint(operation.method, url.pathname, raw) : '';

      const answer =
        groupable && caller && options.grouped
          ? await options
              .grouped(db, {
                caller,
                params: params as z.output<P>,
                query: query as z.output<Q>,
                body: body as z.output<B>,
              })
              .then((r) => ({
                status: r.status ?? operation.answer.status,
                body: r.body as unknown,
                headers: r.headers ?? {},
              }))
          : await apiTransaction(db, async (tx) => {
              if (key && caller) {
                const stored = await findStoredAnswer(tx, caller.tokenId, key, fingerprint);
                if (stored)
                  return { status: stored.status, body: stored.body, headers: { 'Idempotent-Replayed': 'true' } };
              }
              const audit = async (events: Omit<AuditInput, 'actor'>[]) => {
                if (!caller) return;
                await recordAudits(
                  tx,
                  events.map((e) => ({
                    ...e,
                    actor: apiActor(caller),
                    details: { ...e.details, ...apiDetails(caller) },
                  })),
                );
              };
              const result = await run({
                tx,
                caller,
                params: params as z.output<P>,
                query: query as z.output<Q>,
                body: body as z.output<B>,
                audit,
              });
              const status = result.status ?? operation.answer.status;
              if (key && caller) await storeAnswer(tx, caller.tokenId, key, fingerprint, { status, body: result.body });
              return { status, body: result.body as unknown, headers: result.headers ?? {} };
            });
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...answer.headers },
      });
    } catch (error) {
      return problemResponse(asProblem(error, operation), url.pathname);
    }
  };
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A path that names nothing valid names nothing: not found, as an unknown id is.
  if (where === 'path') throw new ApiProblem('not-found');
  throw new ApiProblem('validation', `The ${where} has ${parsed.error.issues.length} invalid field(s).`, {
    errors: fieldErrors(parsed.error, where),
  });
}

/** Each zod issue as `{ field, code, detail }`; the import's checks name their reason as the message. */
export function fieldErrors(error: z.ZodError, where: string): FieldError[] {
  const t = translatorFor('en');
  return error.issues.map((issue) => {
    const importKey = `import.errors.${issue.message}` as Parameters<typeof t>[0];
    const known = /^[a-zA-Z]+$/.test(issue.message) && t.has(importKey);
    return {
      field: issue.path.length ? issue.path.join('.') : where,
      code: known ? issue.message : issue.code,
      detail: known ? t(importKey) : issue.message,
    };
  });
}

async function readJson(request: Request): Promise<unknown> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_API_BODY_BYTES)
    throw new ApiProblem('payload-too-large', `At most ${MAX_API_BODY_BYTES} bytes.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.byteLength;
      if (size > MAX_API_BODY_BYTES) {
        await reader.cancel();
        throw new ApiProblem('payload-too-large', `At most ${MAX_API_BODY_BYTES} bytes.`);
      }
      chunks.push(next.value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiProblem('malformed', 'Send a JSON document with Content-Type: application/json.');
  }
}

/**
 * An API call's transaction, run again when it met another at once (db/retry.ts), a unique key
 * too: two writers added the same item or key.
 */
export function apiTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transactionWithRetries(db, work, API_RACES);
}

function asProblem(error: unknown, operation: Operation): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (isDomainError(error)) {
    switch (error.code) {
      case 'notFound':
      case 'forbidden':
        return new ApiProblem('not-found');
      case 'itemBlocked':
        return new ApiProblem('blocked-item');
      case 'invalid':
        return new ApiProblem('validation', 'A value is not acceptable here.');
    }
  }
  logger('api').error({ err: error, operation: operation.id }, 'api: an operation failed');
  return new ApiProblem('internal');
}
