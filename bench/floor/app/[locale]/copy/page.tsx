import { readFileSync } from 'node:fs';
import path from 'node:path';
import { notFound } from 'next/navigation';
import type { CopyNode } from '../../../../page-copy';
import { renderCopy } from '../../../render-copy';

/**
 * `/kk/copy?of=name`: a portal page's body, captured by bench/run.ts (bench/page-copy.ts) into
 * BENCH_FLOOR_COPIES/name.json, rendered here as plain server elements on every request: what a page
 * of the same size costs this stack without any of the portal's work.
 */
export const dynamic = 'force-dynamic';

// Read once per process, as a page's code is: the benchmark measures rendering, not the disk.
const copies = new Map<string, CopyNode[]>();

function load(name: string): CopyNode[] | null {
  const dir = process.env.BENCH_FLOOR_COPIES;
  if (!dir || !/^[\w-]+$/.test(name)) return null;
  let copy = copies.get(name);
  if (!copy) {
    try {
      copy = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as CopyNode[];
    } catch {
      return null;
    }
    copies.set(name, copy);
  }
  return copy;
}

export default async function Copy({ searchParams }: { searchParams: Promise<{ of?: string }> }) {
  const copy = load((await searchParams).of ?? '');
  if (!copy) notFound();
  return copy.map((node, i) => renderCopy(node, i));
}
