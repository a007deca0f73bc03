'use server';

import { getLocale } from 'next-intl/server';
import { signOut } from './config';
import { localePath } from '@/i18n/paths';

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: localePath(await getLocale(), '/') });
}
