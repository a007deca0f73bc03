import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { startProcessCaches } from '@/lib/cache/process';

// One copy per server process, kept across requests (lib/cache/process.ts), shared with the writes' e-mails.
const operatorProfileCache = () => startProcessCaches(getDb()).operatorProfile;

/** The operator's profile, from this process's copy; the same answer for every component of a request. */
export const getOperatorProfile = cache(() => operatorProfileCache().get());

/** After the writer's transaction commits, this process shows the change at once. */
export function forgetOperatorProfile(): void {
  operatorProfileCache().invalidate();
}

/**
 * For the root layout (header, footer, metadata), which sits above every error boundary: if the
 * database fails mid-request, the frame renders without the operator's name and the page's own
 * error boundary says what went wrong, in the visitor's language.
 */
export const getOperatorProfileForFrame = cache(() => getOperatorProfile().catch(() => null));
