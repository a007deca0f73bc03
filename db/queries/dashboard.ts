import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { answeredRequestStates, statesSql, type RequestType } from '@/db/schema/requests';
import type { Today } from './today';
import { openRequestSql } from './requests';

/**
 * The responsible person's view (Art. 25(3)(3): control of how requests are received and handled):
 * open requests by type (by state: countRequests), who holds what, and for the last 12 weeks the
 * share answered on time and the median time to answer. Nothing here reads the closed history
 * beyond those weeks, so the page costs what the open work and the weeks' answers hold.
 */
export async function findDashboard(db: DbOrTx, today: Today) {
  const at = today.now.toISOString();
  // The twelve weeks' answers, as the weekly table and the overall median need them: read from
  // their own index (requests_answered), so the years of answers before them are never read.
  const answeredSince = sql`completed_at >= date_trunc('week', ${at}::timestamptz at time zone 'Asia/Almaty') at time zone 'Asia/Almaty' - interval '11 weeks'`;
  // The index's own predicate, so that the planner matches the two.
  const answered = sql`state in (${statesSql(answeredRequestStates)})`;
  // Open requests are counted from the partial indexes that hold only them, one index each:
  // by type here, by state in countRequests, by holder below.
  const [openByType, weeks, holders, dayPairs, overall] = await Promise.all([
    db.execute<{ type: RequestType; total: string }>(sql`
      select type, count(*) as total from requests where ${openRequestSql} group by type`),
    db.execute<{ week: string; answered: string; on_time: string; median_hours: string | null }>(sql`
      select to_char(date_trunc('week', completed_at at time zone 'Asia/Almaty'), 'YYYY-MM-DD') as week,
             count(*) as answered,
             count(*) filter (where completed_at <= due_at) as on_time,
             percentile_cont(0.5) within group (order by extract(epoch from completed_at - registered_at) / 3600) as median_hours
      from requests
      where ${answered} and ${answeredSince}
      group by 1 order by 1`),
    db.execute<{
      assignee_id: string | null;
      name: string | null;
      email: string | null;
      open: string;
      overdue: string;
    }>(sql`
      select h.assignee_id, u.name, u.email, h.open, h.overdue
      from (select assignee_id, count(*) as open, count(*) filter (where due_at < ${at}) as overdue
            from requests where ${openRequestSql} group by assignee_id) h
      left join users u on u.id = h.assignee_id
      order by h.open desc`),
    // Working days need the calendar (lib/deadlines/answer-time.ts): the answers come grouped by the
    // Kazakhstan days they were registered and answered on, a few dozen rows a week however many.
    db.execute<{ week: string; registered_day: string; answered_day: string; n: string }>(sql`
      select to_char(date_trunc('week', completed_at at time zone 'Asia/Almaty'), 'YYYY-MM-DD') as week,
             to_char(registered_at at time zone 'Asia/Almaty', 'YYYY-MM-DD') as registered_day,
             to_char(completed_at at time zone 'Asia/Almaty', 'YYYY-MM-DD') as answered_day,
             count(*) as n
      from requests
      where ${answered} and ${answeredSince}
      group by 1, 2, 3`),
    db.execute<{ median_hours: string | null }>(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from completed_at - registered_at) / 3600) as median_hours
      from requests
      where ${answered} and ${answeredSince}`),
  ]);
  const answeredDays = (week?: string) =>
    dayPairs
      .filter((p) => week === undefined || p.week === week)
      .map((p) => ({ registeredDay: p.registered_day, answeredDay: p.answered_day, count: Number(p.n) }));
  // Twelve weeks, Monday to Sunday in Kazakhstan, including those with nothing answered.
  const monday = new Date(`${today.day}T00:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const weekStarts = Array.from({ length: 12 }, (_, i) =>
    new Date(monday.getTime() - (11 - i) * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  return {
    openByType: openByType.map((r) => ({ type: r.type, total: Number(r.total) })),
    weeks: weekStarts.map((week) => {
      const w = byWeek.get(week);
      return {
        week,
        answered: Number(w?.answered ?? 0),
        onTime: Number(w?.on_time ?? 0),
        medianHours: w?.median_hours == null ? null : Number(w.median_hours),
        answeredDays: answeredDays(week),
      };
    }),
    overall: {
      medianHours: overall[0]?.median_hours == null ? null : Number(overall[0].median_hours),
      answeredDays: answeredDays(),
    },
    holders: holders.map((h) => ({
      assigneeId: h.assignee_id,
      name: h.name ?? h.email,
      open: Number(h.open),
      overdue: Number(h.overdue),
    })),
  };
}
export type Dashboard = Awaited<ReturnType<typeof findDashboard>>;
