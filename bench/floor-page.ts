import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { WEB_SERVER_NODE_FLAGS } from '../scripts/build';

/**
 * The floor the page benchmarks measure against (bench/run.ts, bench/page-weight.ts): a bare
 * Next.js + next-intl page (bench/floor/), built with the portal's node_modules and rendered on
 * every request, so a ratio to it is the cost of the portal's own work, not of the stack.
 */
export const FLOOR_DIR = path.resolve('bench/floor');
const nextBin = path.resolve('node_modules/next/dist/bin/next');

function newest(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(entry)
      .filter((name) => name !== '.next' && name !== 'node_modules')
      .map((name) => newest(path.join(entry, name))),
  );
}

/** Builds the floor unless its build is newer than its sources. Says whether it built. */
export async function buildFloorIfStale(): Promise<boolean> {
  const built = path.join(FLOOR_DIR, '.next/BUILD_ID');
  if (existsSync(built) && newest(FLOOR_DIR) <= statSync(built).mtimeMs) return false;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: FLOOR_DIR,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the floor's next build exited with ${code}`)),
    );
  });
  return true;
}

/**
 * `next start` of the built floor, from its own folder (from the repository's, Next.js would take the portal's instrumentation.ts),
 * with the portal's own Node flags: a ratio to the floor compares the pages, not the runtime's settings.
 */
export function floorCommand(port: number): { args: string[]; cwd: string } {
  return { args: [...WEB_SERVER_NODE_FLAGS, nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], cwd: FLOOR_DIR };
}

/** Starts the floor and resolves once /kk answers; stop it with `kill()`. */
export async function startFloor(port: number): Promise<ChildProcess> {
  const { args, cwd } = floorCommand(port);
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the floor exited (${child.exitCode})`);
    const ok = await fetch(`http://127.0.0.1:${port}/kk`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('the floor did not answer within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
