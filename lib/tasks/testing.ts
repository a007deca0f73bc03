import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiTokens, executionTasks } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { closeTask, type TaskCloser } from './close';

/**
 * For tests: a system answering its tasks as it would through the API, with a token of its own (a
 * real row, which the task's closed_by_token_id points at). The API's own tests create tokens
 * through lib/api; here only the closer matters.
 */
export async function systemCloser(db: Db, systemCode: string): Promise<TaskCloser & { kind: 'token' }> {
  const [system] = await db.select().from(systems).where(eq(systems.code, systemCode));
  if (!system) throw new Error(`no system ${systemCode}`);
  const secret = randomBytes(8).toString('hex');
  const [token] = await db
    .insert(apiTokens)
    .values({
      name: `${systemCode}-${secret}`,
      systemId: system.id,
      scopes: ['tasks:write'],
      tokenHash: randomBytes(32).toString('hex'),
      prefix: `dbs_${secret.slice(0, 8)}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  return { kind: 'token', tokenId: token!.id, tokenName: token!.name, systemId: system.id };
}

/** Every open task of the request done by its own system, one transaction each, as systems answer. */
export async function carryOutTasks(db: Db, requestId: string): Promise<number> {
  const open = await db
    .select({ id: executionTasks.id, code: systems.code })
    .from(executionTasks)
    .innerJoin(systems, eq(systems.id, executionTasks.systemId))
    .where(and(eq(executionTasks.requestId, requestId), eq(executionTasks.state, 'open')));
  for (const task of open) {
    const closer = await systemCloser(db, task.code);
    await db.transaction((tx) => closeTask(tx, closer, task.id, { outcome: 'done', note: null }));
  }
  return open.length;
}
