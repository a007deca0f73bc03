'use client';

import { useErrorText } from '@/components/error-text';

/** The last resort: a clear message in the page's language and a retry, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useErrorText();
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t.title}</h1>
      <p className="text-slate-700">{t.body}</p>
      <button type="button" onClick={reset} className="btn-secondary">
        {t.retry}
      </button>
    </div>
  );
}
