/**
 * Marks the fields named in `errors` invalid and tied to their message (their own description
 * kept), clears the marks of the previous answer, and returns the first field to focus.
 * ActionForm loads it with a form's first answer rather than with the page, so a page with a form
 * downloads less before it works (issue 15: first-load JS within the bare page + 4 kB).
 */
export function markFieldErrors(
  form: HTMLFormElement,
  errors: Record<string, string>,
  /** The id of the message of the field named so (ActionForm's FieldError). */
  errorId: (name: string) => string,
) {
  for (const field of form.querySelectorAll<HTMLElement>('[data-field-error]')) {
    field.removeAttribute('aria-invalid');
    const own = field.getAttribute('data-field-error');
    if (own) field.setAttribute('aria-describedby', own);
    else field.removeAttribute('aria-describedby');
    field.removeAttribute('data-field-error');
  }
  let first: HTMLElement | null = null;
  for (const name of Object.keys(errors)) {
    const fields = form.querySelectorAll<HTMLElement>(`[name="${CSS.escape(name)}"]:not([type="hidden"])`);
    const described = document.getElementById(errorId(name)) ? errorId(name) : null;
    for (const field of fields) {
      const own = field.getAttribute('aria-describedby') ?? '';
      field.setAttribute('data-field-error', own);
      field.setAttribute('aria-invalid', 'true');
      if (described) field.setAttribute('aria-describedby', own ? `${own} ${described}` : described);
      first ??= field;
    }
  }
  return first;
}
