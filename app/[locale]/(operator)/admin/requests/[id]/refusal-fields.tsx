'use client';

import { useState } from 'react';
import { FieldError } from '@/components/action-form';

type Template = { legalBasis: string; text: string };

/** Reason, legal basis and text of a refusal; choosing a reason fills in its template, which staff then adapt. */
export function RefusalFields({
  reasons,
  templates,
  labels,
}: {
  reasons: { code: string; label: string }[];
  templates: Record<string, Template>;
  labels: { reason: string; legalBasis: string; text: string };
}) {
  const [values, setValues] = useState<Template & { code: string }>({ code: '', legalBasis: '', text: '' });
  return (
    <>
      <label className="block space-y-1 text-sm">
        <span className="block font-medium">{labels.reason}</span>
        <select
          name="reasonCode"
          required
          value={values.code}
          onChange={(event) => {
            const code = event.target.value;
            setValues({ code, legalBasis: templates[code]?.legalBasis ?? '', text: templates[code]?.text ?? '' });
          }}
          className="field-input"
        >
          <option value="" disabled />
          {reasons.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="block space-y-1 text-sm">
        <span className="block font-medium">{labels.legalBasis}</span>
        <input
          name="legalBasis"
          required
          maxLength={500}
          value={values.legalBasis}
          onChange={(e) => setValues({ ...values, legalBasis: e.target.value })}
          className="field-input"
        />
      </label>
      <label className="block space-y-1 text-sm">
        <span className="block font-medium">{labels.text}</span>
        <textarea
          name="text"
          required
          rows={5}
          maxLength={4000}
          value={values.text}
          onChange={(e) => setValues({ ...values, text: e.target.value })}
          className="field-input"
        />
        <FieldError name="text" />
      </label>
    </>
  );
}
