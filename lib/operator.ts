import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';

/** The operator's profile, read once per request however many components show it. */
export const getOperatorProfile = cache(() => findOperatorProfile(getDb()));
