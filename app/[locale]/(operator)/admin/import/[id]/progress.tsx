'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** A run's position as ./status answers it, with its words already in the page's language. */
export type Progress = { state: string; rowsRead: number; totalRows: number | null; text: string };

const POLL_MS = 1000;
/** How long a refresh is given to replace the page before it is asked for again. */
const REFRESH_RETRY_MS = 3000;

/**
 * The progress bar of a run the background runner is working on. Its position is asked for every
 * second from a small JSON route (./status); once the run has moved on (checked, done, failed,
 * cancelled) the page is rendered again from the server, which shows the outcome. A failed poll
 * (a network blip, a restart) is simply tried again a second later. So is a refresh that did not
 * replace this page: the poll goes on, more slowly, until the page rendered again unmounts it or
 * gives it the run's new state (a refresh the router dropped under load once left the page showing
 * "being checked" for a run long checked).
 */
export function ImportProgress({ statusUrl, initial, label }: { statusUrl: string; initial: Progress; label: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      let refreshed = false;
      try {
        const response = await fetch(statusUrl, { cache: 'no-store', redirect: 'manual' });
        if (response.ok) {
          const next = (await response.json()) as Progress;
          if (stopped) return;
          setProgress(next);
          refreshed = next.state !== initial.state;
        } else {
          refreshed = response.type === 'opaqueredirect' || response.status === 403 || response.status === 404;
        }
        if (refreshed) router.refresh();
      } catch {
        // Tried again below.
      }
      if (!stopped) timer = setTimeout(poll, refreshed ? REFRESH_RETRY_MS : POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [statusUrl, initial.state, router]);

  const known = progress.totalRows !== null && progress.totalRows > 0;
  return (
    <div className="space-y-1">
      <label htmlFor="import-progress" className="block font-medium">
        {label}
      </label>
      {/* Without a total (the dry run reads the file for the first time) the bar shows activity only. */}
      <progress
        id="import-progress"
        className="h-3 w-full"
        max={known ? progress.totalRows! : undefined}
        value={known ? Math.min(progress.rowsRead, progress.totalRows!) : undefined}
        aria-describedby="import-progress-text"
      />
      <p id="import-progress-text" role="status" className="text-sm text-slate-600">
        {progress.text}
      </p>
    </div>
  );
}
