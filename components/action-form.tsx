'use client';

import { usePathname } from 'next/navigation';
import {
  createContext,
  Fragment,
  startTransition,
  useActionState,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { useErrorText } from '@/components/error-text';
import { FormMessage, useFormOutcomeRegistry } from '@/components/form-outcome';
import type { FormState } from '@/lib/actions/form-state';

/**
 * A form bound to a server action with useActionState. The action returns words already in the
 * page's language; fields show their own error with <FieldError>, the form its outcome.
 * With JavaScript it submits through onSubmit, because React resets a form after an action and a
 * person correcting one field must not lose the others. Without JavaScript (or before the page is
 * hydrated) the same form posts to the server action itself (`action`, progressive enhancement):
 * the page comes back with the action's answer, errors and all, or its redirect is followed. A
 * form that succeeded is cleared instead (its fields are made anew from the revalidated page, so
 * an edit form shows what was saved), so pressing its button again cannot send the same thing
 * twice; while it is being sent its buttons are disabled. Its message sits outside the part that is cleared, and if the
 * form itself disappears with its success the page shows the message (components/form-outcome.tsx).
 * After each answer focus moves to the first field in error or to the message, and every field in
 * error is marked aria-invalid and described by its message, whatever markup the page gave it
 * (WCAG 2.1 3.3.1, 4.1.3).
 */
export const idle: FormState = { status: 'idle' };

/** What the form remembers: the answer, and how many times it succeeded (the key of its cleared fields). */
type Answer = FormState & { round: number };

const FormContext = createContext<{ state: FormState; pending: boolean; formId: string }>({
  state: idle,
  pending: false,
  formId: '',
});

/** Files too large or too many are stopped before upload; the server checks them again. */
export type FileLimits = { maxBytes: number; maxFiles: number; tooBig: string; tooMany: string };

/** The id of a field's error message in a form (several forms on a page may name a field alike). */
const errorId = (formId: string, name: string) => `${formId}-${name}-error`;

export function ActionForm({
  action,
  children,
  className,
  fileLimits,
  after,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  children: React.ReactNode;
  className?: string;
  fileLimits?: FileLimits;
  /** What the answer brings besides its message (a secret shown once), kept when the fields are cleared. */
  after?: (state: FormState) => React.ReactNode;
}) {
  const { tooLarge } = useErrorText();
  const formId = useId();
  const pathname = usePathname();
  const registry = useFormOutcomeRegistry();
  // Set at once on submit: `pending` comes with the next render, after a fast second press.
  const sending = useRef(false);
  const [serverState, formAction, pending] = useActionState(
    async (previous: Answer, data: FormData): Promise<Answer> => {
      let answer: FormState;
      try {
        answer = await action(previous, data);
      } catch (error) {
        // A body over the limit never reaches the action: the proxy answers 413 with these words
        // (lib/input/edge.ts), which Next.js throws as the error's message. Anything else is the error page's.
        if (!(error instanceof Error && tooLarge && error.message === tooLarge)) throw error;
        answer = { status: 'error', message: tooLarge };
      } finally {
        sending.current = false;
      }
      // Told to the page too, which shows it if this form is gone by then.
      registry?.report(formId, answer, pathname);
      return { ...answer, round: previous.round + (answer.status === 'success' ? 1 : 0) };
    },
    { ...idle, round: 0 },
  );
  // The answer to a form posted without JavaScript: the page rendered again with it (the action is
  // a server reference, so React and Next.js bind the post to this hook by its place in the page).
  const [postedState, postedAction] = useActionState(action, idle);
  const [fileError, setFileError] = useState<string | null>(null);
  const state: FormState = useMemo(
    () =>
      fileError
        ? { status: 'error', fieldErrors: { files: fileError } }
        : serverState.status === 'idle' && serverState.round === 0
          ? postedState
          : serverState,
    [fileError, serverState, postedState],
  );

  useEffect(() => {
    registry?.mount(formId);
    return () => registry?.unmount(formId);
  }, [registry, formId]);

  const form = useRef<HTMLFormElement>(null);
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const element = form.current;
    if (!element || state.status === 'idle') return;
    // The marking code comes with the first answer, not with the page (issue 15, first-load JS).
    let current = true;
    void import('./field-errors').then(({ markFieldErrors }) => {
      if (!current) return; // a newer answer marks the fields instead
      const first = markFieldErrors(element, state.fieldErrors ?? {}, (name) => errorId(formId, name));
      (first ?? message.current)?.focus();
    });
    return () => {
      current = false;
    };
  }, [state, formId]);

  const context = useMemo(() => ({ state, pending, formId }), [state, pending, formId]);
  // Marked once React has taken the form over, for tests that need the JavaScript path (hostile input).
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  return (
    <form
      ref={form}
      className={className}
      // A function action: React posts it as multipart/form-data itself (files included).
      action={postedAction}
      data-action-form={hydrated ? 'hydrated' : 'posting'}
      noValidate
      aria-busy={pending || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        if (pending || sending.current) return;
        // The button pressed is part of the answer ("destroy" or "unblock").
        const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
        // The fields React adds for a post without JavaScript are not the action's.
        for (const key of [...data.keys()]) if (key.startsWith('$ACTION')) data.delete(key);
        const files = data.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
        const error = !fileLimits
          ? null
          : files.length > fileLimits.maxFiles
            ? fileLimits.tooMany
            : files.some((f) => f.size > fileLimits.maxBytes)
              ? fileLimits.tooBig
              : null;
        setFileError(error);
        if (error) return;
        sending.current = true;
        startTransition(() => formAction(data));
      }}
    >
      <FormContext.Provider value={context}>
        {state.message && <FormMessage ref={message} state={state} />}
        {after?.(state)}
        {/* Made anew after each success: every field back to what the page gives it, files dropped. */}
        <Fragment key={serverState.round}>{children}</Fragment>
      </FormContext.Provider>
    </form>
  );
}

const subscribeToNothing = () => () => {};

export function FieldError({ name }: { name: string }) {
  const { state, formId } = useContext(FormContext);
  const message = state.fieldErrors?.[name];
  return message ? (
    <p id={errorId(formId, name)} className="text-sm font-medium text-red-700">
      {message}
    </p>
  ) : null;
}

/**
 * Disabled while the form is being sent, so a double-click sends it once. `name` and `value` make
 * it one of several answers ("destroy" or "unblock").
 */
export function SubmitButton({
  label,
  pendingLabel,
  className = 'btn-primary',
  name,
  value,
}: {
  label: string;
  pendingLabel: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useContext(FormContext);
  // Before React has taken the form over (or without JavaScript) a press posts the form to its
  // server action (ActionForm's `action`), never as a GET: it is never disabled for that.
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={className}>
      {pending ? pendingLabel : label}
    </button>
  );
}
