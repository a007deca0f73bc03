import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { createOperatorProfileCache, type OperatorProfileCache } from '@/lib/operator-profile/cache';

// One copy per server process, kept across requests (lib/operator-profile/cache.ts says when it is dropped).
const processCache = globalThis as unknown as { derbesOperatorProfile?: OperatorProfileCache };
function operatorProfileCache(): OperatorProfileCache {
  return (processCache.derbesOperatorProfile ??= createOperatorProfileCache(getDb()));
}

/** The operator's profile, from this process's copy; the same answer for every component of a request. */
export const getOperatorProfile = cache(() => operatorProfileCache().get());

/** After the writer's transaction commits, this process shows the change at once. */
export function forgetOperatorProfile(): void {
  processCache.derbesOperatorProfile?.invalidate();
}

/**
 * For the root layout (header, footer, metadata), which sits above every error boundary: if the
 * database fails mid-request, the frame renders without the operator's name and the page's own
 * error boundary says what went wrong, in the visitor's language.
 */
export const getOperatorProfileForFrame = cache(() => getOperatorProfile().catch(() => null));
