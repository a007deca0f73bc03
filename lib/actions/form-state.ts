/**
 * What a server action answers a form: words already in the page's language, for the form and for
 * each field. components/action-form.tsx shows it; every action returns it.
 */
export type FormState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
};
