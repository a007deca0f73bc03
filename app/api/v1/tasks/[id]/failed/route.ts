import { apiRoute } from '@/lib/api/handler';
import { taskFailed } from '@/lib/api/operations';
import { closeSystemTask } from '@/lib/api/tasks';

export const dynamic = 'force-dynamic';

/** POST /api/v1/tasks/{id}/failed: the system could not carry out its task, with the reason (lib/api/tasks.ts). */
export const POST = apiRoute(taskFailed, async ({ tx, caller, params, body }) => ({
  body: await closeSystemTask(tx, caller!, params.id, { outcome: 'failed', note: body.reason }),
}));
