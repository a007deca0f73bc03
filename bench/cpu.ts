import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by processes, from /proc (Linux): a benchmark's throughput on a shared machine
 * depends on the load, its CPU milliseconds per operation much less, so they say where a call's
 * cost goes (the web server, PostgreSQL, the load generator) even when other work runs beside it.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: number): { ppid: number; ms: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start past its ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null; // exited
  }
}

/** CPU milliseconds (user + system) of `root` and every process below it, alive now. */
export function treeCpuMs(root: number): number {
  const parent = new Map<number, number>();
  const spent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    parent.set(pid, s.ppid);
    spent.set(pid, s.ms);
  }
  let total = 0;
  for (const [pid, ms] of spent) {
    for (let p: number | undefined = pid; p; p = parent.get(p)) {
      if (p === root) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

/** The PostgreSQL server's process id, from its data directory's postmaster.pid. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
