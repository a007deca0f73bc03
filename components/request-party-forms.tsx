import { getTranslations } from '@/i18n/server';
import { ActionForm, FieldError, SubmitButton } from '@/components/action-form';
import { ConfirmStep } from '@/components/confirm-step';
import type { FormState } from '@/lib/actions/form-state';
import { ACCEPTED_FILES, MAX_FILES, MAX_FILE_BYTES } from '@/lib/files/limits';
import { MAX_TEXT_LENGTH } from '@/lib/requests/values';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/**
 * The reply to the operator about an open request, with documents: the subject's own request page
 * and the page of a request a representative filed (Art. 24) use the same form with their action.
 */
export async function RequestMessageForm({ action, requestId }: { action: Action; requestId: string }) {
  const t = await getTranslations('requests');
  const fileLimits = {
    maxBytes: MAX_FILE_BYTES,
    maxFiles: MAX_FILES,
    tooBig: t('errors.fileSizeAny'),
    tooMany: t('errors.fileCount'),
  };
  return (
    <ActionForm action={action} className="space-y-3" fileLimits={fileLimits}>
      <input type="hidden" name="requestId" value={requestId} />
      <label htmlFor="body" className="block font-medium">
        {t('detail.reply')}
      </label>
      <p id="body-help" className="text-sm text-slate-600">
        {t('detail.replyHelp')}
      </p>
      <textarea
        id="body"
        name="body"
        rows={3}
        maxLength={MAX_TEXT_LENGTH}
        aria-describedby="body-help"
        className="field-input"
      />
      <FieldError name="body" />
      <label htmlFor="message-files" className="block text-sm font-medium">
        {t('form.files')}
      </label>
      <input
        id="message-files"
        name="files"
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        className="block w-full text-sm"
      />
      <FieldError name="files" />
      <SubmitButton label={t('detail.send')} pendingLabel={t('detail.sending')} />
    </ActionForm>
  );
}

/** Cancelling a request the operator has not acted on, from the version the page showed, once confirmed. */
export async function CancelRequestSection({
  action,
  requestId,
  version,
}: {
  action: Action;
  requestId: string;
  version: number;
}) {
  const t = await getTranslations('requests');
  return (
    <section aria-labelledby="cancel" className="card space-y-2" data-no-print>
      <h2 id="cancel" className="text-lg font-semibold">
        {t('detail.cancel')}
      </h2>
      <p className="text-sm text-slate-700">{t('detail.cancelHelp')}</p>
      <ActionForm action={action} className="space-y-2">
        <input type="hidden" name="requestId" value={requestId} />
        <input type="hidden" name="version" value={version} />
        {/* Cancelling cannot be undone: the first press asks, "Yes" cancels. */}
        <ConfirmStep
          ask={t('detail.cancel')}
          question={t('detail.cancelQuestion')}
          yes={t('detail.cancelConfirm')}
          pending={t('detail.cancelling')}
          no={t('detail.cancelKeep')}
        />
      </ActionForm>
    </section>
  );
}
