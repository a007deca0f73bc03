'use server';

import { getLocale } from 'next-intl/server';
import { signOut } from './config';

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: `/${await getLocale()}` });
}
