import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';

/** The operator's profile, read once per request however many components show it. */
export const getOperatorProfile = cache(() => findOperatorProfile(getDb()));

/**
 * For the root layout (header, footer, metadata), which sits above every error boundary: if the
 * database fails mid-request, the frame renders without the operator's name and the page's own
 * error boundary says what went wrong, in the visitor's language.
 */
export const getOperatorProfileForFrame = cache(() => getOperatorProfile().catch(() => null));
