'use client';

import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { SubmitButton } from '@/components/action-form';

/**
 * A step before an action that cannot be undone, inside an ActionForm: the first button only asks
 * ("Cancel this request?"), and the form is sent by "Yes" in the question, or the question is put
 * away by "No". Plain buttons and a labelled group rather than a modal: nothing traps focus, a
 * keyboard or a screen reader goes through it like any other part of the page; focus goes to "Yes"
 * when the question appears and back to the first button when it is put away. Without JavaScript
 * (and until the page is hydrated) the step is a <details>: its summary asks, the question and "Yes"
 * open below it, and the summary puts them away again.
 */
const subscribeToNothing = () => () => {};

export function ConfirmStep({
  ask,
  question,
  yes,
  pending,
  no,
}: {
  /** The first button. */
  ask: string;
  question: string;
  yes: string;
  /** "Yes" while the form is being sent. */
  pending: string;
  no: string;
}) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const group = useRef<HTMLDivElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  // Focus follows the step, but not on the first render: the page must not jump to this form.
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    if (asking) group.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    else askButton.current?.focus();
  }, [asking]);
  const step = (next: boolean) => {
    moved.current = true;
    setAsking(next);
  };
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );

  if (!hydrated)
    return (
      <details>
        <summary className="btn-secondary inline-block cursor-pointer py-2">{ask}</summary>
        <div role="group" aria-labelledby={questionId} className="mt-2 space-y-2">
          <p id={questionId} className="font-medium">
            {question}
          </p>
          <SubmitButton label={yes} pendingLabel={pending} className="btn-primary" />
        </div>
      </details>
    );

  if (!asking)
    return (
      <button ref={askButton} type="button" className="btn-secondary py-2" onClick={() => step(true)}>
        {ask}
      </button>
    );
  return (
    <div ref={group} role="group" aria-labelledby={questionId} className="space-y-2">
      <p id={questionId} className="font-medium">
        {question}
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton label={yes} pendingLabel={pending} className="btn-primary" />
        <button type="button" className="btn-secondary py-2" onClick={() => step(false)}>
          {no}
        </button>
      </div>
    </div>
  );
}
