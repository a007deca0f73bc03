import { z } from 'zod';
import { getDb } from '@/db';
import { importEncodingChoices, importKinds } from '@/db/schema/imports';
import { requireStaff } from '@/lib/auth/session';
import { env, isDemo } from '@/lib/env';
import { isDomainError } from '@/lib/errors';
import { MAX_IMPORT_BYTES, receiveImportFile } from '@/lib/import/runs';
import { normalizeFileName } from '@/lib/input/text';
import { isForeignWrite } from '@/lib/http/security-headers';
import { requestLogger } from '@/lib/request-log';

export const dynamic = 'force-dynamic';

/**
 * The upload of an import file (/admin/import): the file is the request's body, sent by the page's
 * script with fetch, and its kind, name and encoding are in the query. Why a route handler under
 * /api and not a server action: a file of up to MAX_IMPORT_BYTES (200 MB) must stream to the
 * database. Server actions are capped at 52 MB for every form (next.config.mjs), and every path the
 * proxy sees has its body cloned and buffered by Next.js up to proxyClientMaxBodySize (cut off
 * beyond it), with lib/input/edge.ts answering 413 above MAX_REQUEST_BYTES. /api is outside the
 * proxy's matcher (proxy.ts), so here alone the body arrives as a stream, unbuffered; only this
 * handler accepts that size, and it checks what the proxy would have: the Origin, then the
 * staff member's permission. Answers JSON: `{ id }`, or `{ error }` with a key of `importRuns.errors`.
 */
const query = z.object({
  kind: z.enum(importKinds),
  encoding: z.enum(importEncodingChoices),
  name: z.string().transform(normalizeFileName).pipe(z.string().min(1)),
});

const answer = (status: number, body: Record<string, string>) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

export async function POST(request: Request) {
  if (isForeignWrite(request, { publicOrigin: env().AUTH_URL, demo: isDemo() }))
    return answer(403, { error: 'forbidden' });
  const staff = await requireStaff('import.run');
  const url = new URL(request.url);
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success || !request.body) return answer(400, { error: 'invalid' });
  // A declared size over the limit is refused before a byte is read; a body that lies is cut off as it streams.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_IMPORT_BYTES) return answer(413, { error: 'tooLarge' });
  try {
    const id = await receiveImportFile(getDb(), staff, {
      kind: parsed.data.kind,
      encoding: parsed.data.encoding,
      fileName: parsed.data.name,
      body: chunks(request.body),
    });
    return answer(201, { id });
  } catch (error) {
    if (isDomainError(error) && (error.code === 'tooLarge' || error.code === 'empty'))
      return answer(error.code === 'tooLarge' ? 413 : 400, { error: error.code });
    (await requestLogger('import')).error({ err: error }, 'import: the upload failed');
    return answer(500, { error: 'generic' });
  }
}

async function* chunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}
