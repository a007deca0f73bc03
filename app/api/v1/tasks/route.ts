import { apiRoute } from '@/lib/api/handler';
import { listTasks } from '@/lib/api/operations';
import { listSystemTasks } from '@/lib/api/tasks';

export const dynamic = 'force-dynamic';

/** GET /api/v1/tasks: the token's system's tasks (lib/api/tasks.ts over lib/tasks). */
export const GET = apiRoute(listTasks, async ({ tx, caller, query }) => ({
  body: await listSystemTasks(tx, caller!, query),
}));
