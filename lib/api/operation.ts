import type { z } from 'zod';
import type { ApiScope } from '@/db/schema/integrations';
import type { ProblemSlug } from './problems';

/**
 * One operation of the API, described once: its method and path, the scope it needs, and the zod
 * schemas of its path, query, body and answer. The route handler validates with these schemas
 * (lib/api/handler.ts) and the OpenAPI document is generated from the same ones (lib/api/openapi.ts),
 * so the document cannot say something the route does not do.
 */
export type Operation<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Answer extends z.ZodType = z.ZodType,
> = {
  id: string;
  method: 'get' | 'put' | 'post';
  /** The OpenAPI path under /api/v1, `{name}` for a parameter. */
  path: string;
  tag: string;
  summary: string;
  description: string;
  /** The scope a token needs; null: open to anyone, no token. */
  scope: ApiScope | null;
  params?: Params;
  query?: Query;
  body?: Body;
  /** The success answer: its status (another 2xx may be listed in `also`) and its schema. */
  answer: { status: number; description: string; schema: Answer; also?: { status: number; description: string }[] };
  /** The problems it may answer with, besides unauthorized, forbidden-scope, rate-limited and internal. */
  problems: ProblemSlug[];
};

export function defineOperation<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Answer extends z.ZodType = z.ZodType,
>(operation: Operation<Params, Query, Body, Answer>) {
  return operation;
}
