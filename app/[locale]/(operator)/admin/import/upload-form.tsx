'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export type UploadText = {
  kind: string;
  kinds: { value: string; label: string; help: React.ReactNode }[];
  file: string;
  fileHelp: string;
  encoding: string;
  encodings: { value: string; label: string }[];
  submit: string;
  uploading: string;
  /** By the upload route's error codes (app/api/admin/import/route.ts), and `noFile`. */
  errors: Record<string, string>;
};

/**
 * Sends the chosen file as the body of one request to the upload route, which streams it to the
 * database (a server action could not take 200 MB), then opens the run's page. The file's size is
 * checked here first so a person does not wait for an upload that would be refused.
 */
export function UploadForm({ text, maxBytes, locale }: { text: UploadText; maxBytes: number; locale: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return setError(text.errors[file ? 'empty' : 'noFile']!);
    if (file.size > maxBytes) return setError(text.errors.tooLarge!);
    setError(null);
    setPending(true);
    try {
      const query = new URLSearchParams({
        kind: String(data.get('kind')),
        encoding: String(data.get('encoding')),
        name: file.name,
      });
      const response = await fetch(`/api/admin/import?${query}`, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': 'application/octet-stream' },
        redirect: 'manual',
      });
      const answer = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
      if (response.ok && answer.id) return router.push(`/${locale}/admin/import/${answer.id}`);
      // Signed out meanwhile (the route redirects to sign-in): the page itself will ask again.
      if (response.type === 'opaqueredirect') return router.refresh();
      setError(text.errors[answer.error ?? 'generic'] ?? text.errors.generic!);
    } catch {
      setError(text.errors.generic!);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="card space-y-4 text-sm"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!pending) void submit(event.currentTarget);
      }}
    >
      {error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      )}
      <fieldset className="space-y-2">
        <legend className="font-medium">{text.kind}</legend>
        {text.kinds.map((kind, index) => (
          <label key={kind.value} className="flex items-start gap-2">
            <input
              type="radio"
              name="kind"
              value={kind.value}
              defaultChecked={index === 0}
              className="mt-1 size-4"
              aria-describedby={`kind-${kind.value}-help`}
            />
            <span>
              {kind.label}
              <span id={`kind-${kind.value}-help`} className="block text-slate-600">
                {kind.help}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="import-file" className="block font-medium">
          {text.file}
        </label>
        <input
          id="import-file"
          name="file"
          type="file"
          required
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby="import-file-help"
          className="block"
        />
        <p id="import-file-help" className="text-slate-600">
          {text.fileHelp}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="import-encoding" className="block font-medium">
          {text.encoding}
        </label>
        <select id="import-encoding" name="encoding" className="field-input" defaultValue="auto">
          {text.encodings.map((encoding) => (
            <option key={encoding.value} value={encoding.value}>
              {encoding.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} aria-disabled={pending} className="btn-primary">
        {pending ? text.uploading : text.submit}
      </button>
    </form>
  );
}
