import { getTranslations } from '@/i18n/server';
import type { FieldRow, ReferenceOperation } from '@/lib/api/reference';

/**
 * The API reference, rendered on the server from the OpenAPI document (lib/api/reference.ts): by
 * tag, each operation folded in a <details> (no script). The document's words are English, marked
 * so (WCAG 3.1.2); the headings are the page's language.
 */
export async function ApiReference({ groups }: { groups: { tag: string; operations: ReferenceOperation[] }[] }) {
  const t = await getTranslations('apiAdmin.reference');
  const yesNo = (value: boolean) => (value ? t('yes') : t('no'));
  const fieldTable = (rows: (FieldRow & { in?: string })[], withIn: boolean) => (
    <div className="-mx-4 overflow-x-auto px-4">
      <table className="w-full min-w-[640px] text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="py-1 pr-3 font-medium">
              {t('columns.name')}
            </th>
            {withIn && (
              <th scope="col" className="py-1 pr-3 font-medium">
                {t('columns.in')}
              </th>
            )}
            <th scope="col" className="py-1 pr-3 font-medium">
              {t('columns.type')}
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              {t('columns.required')}
            </th>
            <th scope="col" className="py-1 font-medium">
              {t('columns.description')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.in ?? ''}${row.name}`} className="border-b border-slate-100 align-top">
              <td className="py-1 pr-3">
                <code>{row.name}</code>
              </td>
              {withIn && (
                <td className="py-1 pr-3">
                  <code>{row.in}</code>
                </td>
              )}
              <td className="py-1 pr-3">
                <code className="break-words">{row.type}</code>
              </td>
              <td className="py-1 pr-3">{yesNo(row.required)}</td>
              <td className="py-1" lang="en">
                {row.description}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div className="space-y-6">
      {groups.map((group) => (
        <section key={group.tag} aria-labelledby={`tag-${group.tag}`} className="space-y-2">
          <h3 id={`tag-${group.tag}`} className="text-base font-semibold" lang="en">
            {group.tag}
          </h3>
          {group.operations.map((op) => (
            <details key={op.id} id={op.id} className="card space-y-3 text-sm">
              <summary className="cursor-pointer">
                <code className="font-semibold">{op.method}</code> <code className="break-all">{op.path}</code>{' '}
                <span lang="en">{op.summary}</span>
              </summary>
              <p lang="en">{op.description}</p>
              <p>
                {op.scope ? (
                  <>
                    {t('scope')} <code>{op.scope}</code>
                  </>
                ) : (
                  t('noScope')
                )}
              </p>
              {op.parameters.length > 0 && (
                <div className="space-y-1">
                  <h4 className="font-medium">{t('parameters')}</h4>
                  {fieldTable(op.parameters, true)}
                </div>
              )}
              {op.body.length > 0 && (
                <div className="space-y-1">
                  <h4 className="font-medium">{t('body')}</h4>
                  {fieldTable(op.body, false)}
                </div>
              )}
              <div className="space-y-1">
                <h4 className="font-medium">{t('responses')}</h4>
                <dl className="space-y-1">
                  {op.responses.map((r) => (
                    <div key={r.status} className="grid grid-cols-[4rem_1fr] gap-2">
                      <dt>
                        <code>{r.status}</code>
                      </dt>
                      <dd lang="en" className="whitespace-pre-line break-words">
                        {r.description.replace(/`/g, '')}
                      </dd>
                    </div>
                  ))}
                </dl>
              </div>
            </details>
          ))}
        </section>
      ))}
    </div>
  );
}
