import { timingSafeEqual } from 'node:crypto';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { renderMetrics } from '@/lib/health/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus metrics, only when METRICS_TOKEN is set and only for `Authorization: Bearer <token>`. */
export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response('Not found', { status: 404 });
  const given = Buffer.from(request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return new Response('Unauthorized', { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  const { contentType, body } = await renderMetrics(getDb());
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
}
