import type { DefaultSession } from 'next-auth';
import type { UserRole } from '@/db/schema/auth';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: UserRole; disabled: boolean } & DefaultSession['user'];
  }
}
