import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { childEnv } from '@/lib/env';

/**
 * `npm run build`: the production build as a standalone server (`.next/standalone/server.js`,
 * with only the files it needs), plus the static files it serves itself. `npm start` builds the
 * same way when the sources changed; the Dockerfile runs this.
 */
export const STANDALONE = path.resolve('.next/standalone');
export const STANDALONE_SERVER = path.join(STANDALONE, 'server.js');
/**
 * Node's flags for the web server (scripts/start.ts, bench/run.ts). A page view allocates much that
 * dies young (React elements, the strings of its payload and HTML): a larger young generation than
 * V8's default (16 MB semi-spaces at most) is collected less often, at the same cost a collection,
 * since a collection's cost is what survives it (issue 15: garbage collection was ~10% of a page).
 */
export const WEB_SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

const SOURCES = [
  'app',
  'components',
  'db',
  'i18n',
  'lib',
  'messages',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'global.d.ts',
  'next.config.mjs',
  'package.json',
  'postcss.config.mjs',
  'tsconfig.json',
];

function newestSourceTime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return entry.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSourceTime(path.join(entry, name))));
}

/** True when there is no standalone build, or a source file is newer than it. */
export function buildIsStale(): boolean {
  if (!existsSync(STANDALONE_SERVER) || !existsSync('.next/BUILD_ID')) return true;
  return Math.max(...SOURCES.map(newestSourceTime)) > statSync('.next/BUILD_ID').mtimeMs;
}

/**
 * With `typesChecked`, `next build` skips its own type check (next.config.mjs): for `npm test`,
 * whose typecheck stage runs `tsc` over the same files (and the tests) just before it.
 */
export async function buildPortal({ typesChecked = false } = {}): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
      stdio: 'inherit',
      env: childEnv({ NEXT_TELEMETRY_DISABLED: '1', ...(typesChecked ? { DERBES_TYPES_CHECKED: '1' } : {}) }),
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
  rmSync(path.join(STANDALONE, '.next/static'), { recursive: true, force: true });
  cpSync('.next/static', path.join(STANDALONE, '.next/static'), { recursive: true });
  if (existsSync('public')) cpSync('public', path.join(STANDALONE, 'public'), { recursive: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildPortal().catch((error) => {
    process.stderr.write(`derbes: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
