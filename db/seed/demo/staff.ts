// The demo's staff accounts, one per role; the README lists them for signing in.
import type { Tx } from '@/db';
import { users } from '@/db/schema/auth';

export const demoStaff = [
  { email: 'admin@dalabilim.kz', name: 'Ержан Омаров', role: 'admin' },
  { email: 'dpo@dalabilim.kz', name: 'Айгерім Сапарова', role: 'dpo' },
  { email: 'agent@dalabilim.kz', name: 'Мадина Әбдірахманова', role: 'agent' },
  { email: 'auditor@dalabilim.kz', name: 'Сергей Лим', role: 'auditor' },
] as const;

export async function seedStaff(tx: Tx, now: Date): Promise<void> {
  await tx.insert(users).values(demoStaff.map((s) => ({ ...s, emailVerified: now })));
}
