import { z } from 'zod';
import { id, uploads, version } from '@/lib/actions/form-data';
import { MAX_TEXT_LENGTH } from './values';

/**
 * The forms of lib/requests/subject-actions.ts, one for the subject's own request page and the page
 * of a request a representative filed (components/request-party-forms.tsx draws them).
 */
export const cancellationForm = z.object({ requestId: id, version });

export const messageForm = z.object({
  requestId: id,
  body: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
  files: uploads,
});
