import { apiRoute } from '@/lib/api/handler';
import { taskDone } from '@/lib/api/operations';
import { closeSystemTask } from '@/lib/api/tasks';

export const dynamic = 'force-dynamic';

/** POST /api/v1/tasks/{id}/done: the system carried out its task (lib/api/tasks.ts over lib/tasks). */
export const POST = apiRoute(taskDone, async ({ tx, caller, params, body }) => ({
  body: await closeSystemTask(tx, caller!, params.id, { outcome: 'done', note: body.note ?? null }),
}));
