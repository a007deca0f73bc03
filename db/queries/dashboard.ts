import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { RequestState, RequestType } from '@/db/schema/requests';
import type { Today } from './today';
import { openRequestSql } from './requests';

/**
 * The responsible person's view (Art. 25(3)(3): control of how requests are received and handled):
 * open requests by state and type, who holds what, and for the last 12 weeks the share answered on
 * time and the median time to answer.
 */
export async function findDashboard(db: DbOrTx, today: Today) {
  const at = today.now.toISOString();
  const [open, weeks, holders] = await Promise.all([
    db.execute<{ state: RequestState; type: RequestType; total: string }>(sql`
      select state, type, count(*) as total from requests where ${openRequestSql} group by state, type`),
    db.execute<{ week: string; answered: string; on_time: string; median_hours: string | null }>(sql`
      select to_char(date_trunc('week', completed_at at time zone 'Asia/Almaty'), 'YYYY-MM-DD') as week,
             count(*) as answered,
             count(*) filter (where completed_at <= due_at) as on_time,
             percentile_cont(0.5) within group (order by extract(epoch from completed_at - registered_at) / 3600) as median_hours
      from requests
      where state in ('COMPLETED', 'PARTIALLY_COMPLETED', 'REFUSED')
        and completed_at >= date_trunc('week', ${at}::timestamptz at time zone 'Asia/Almaty') at time zone 'Asia/Almaty' - interval '11 weeks'
      group by 1 order by 1`),
    db.execute<{
      assignee_id: string | null;
      name: string | null;
      email: string | null;
      open: string;
      overdue: string;
    }>(sql`
      select r.assignee_id, u.name, u.email, count(*) as open, count(*) filter (where r.due_at < ${at}) as overdue
      from requests r left join users u on u.id = r.assignee_id
      where ${openRequestSql}
      group by r.assignee_id, u.name, u.email
      order by count(*) desc`),
  ]);
  // Twelve weeks, Monday to Sunday in Kazakhstan, including those with nothing answered.
  const monday = new Date(`${today.day}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const weekStarts = Array.from({ length: 12 }, (_, i) =>
    new Date(monday.getTime() - (11 - i) * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  return {
    open: open.map((r) => ({ state: r.state, type: r.type, total: Number(r.total) })),
    weeks: weekStarts.map((week) => {
      const w = byWeek.get(week);
      return {
        week,
        answered: Number(w?.answered ?? 0),
        onTime: Number(w?.on_time ?? 0),
        medianHours: w?.median_hours == null ? null : Number(w.median_hours),
      };
    }),
    holders: holders.map((h) => ({
      assigneeId: h.assignee_id,
      name: h.name ?? h.email,
      open: Number(h.open),
      overdue: Number(h.overdue),
    })),
  };
}
export type Dashboard = Awaited<ReturnType<typeof findDashboard>>;
