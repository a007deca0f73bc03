import type { OperatorProfile } from '@/db/schema/operator';
import type { Locale } from '@/db/schema/subjects';
import { localePath } from '@/i18n/paths';
import { absoluteUrl } from '@/lib/env';
import { formatterFor, translatorFor, type Translator } from '@/lib/i18n/translator';

/**
 * Every e-mail the portal writes, one file per e-mail in this folder, in one layout. A template
 * gets the context of the person it is for (their language, the operator's name in it, links into
 * the portal in it) and returns the subject line, a text part that reads well on its own, and a
 * simple HTML part.
 */
export type RenderedEmail = { subject: string; text: string; html: string };

export type EmailContext = {
  locale: Locale;
  t: Translator;
  f: ReturnType<typeof formatterFor>;
  operator: OperatorProfile | null;
  /** The operator's name in this language ('' before the profile is filled in). */
  operatorName: string;
  /** An absolute link to a page of the portal in this language: `link('/me/activity')`. */
  link: (path: string) => string;
};

export function emailContext(locale: Locale, operator: OperatorProfile | null): EmailContext {
  return {
    locale,
    t: translatorFor(locale),
    f: formatterFor(locale),
    operator,
    operatorName: operator?.name[locale] ?? '',
    link: (path) => absoluteUrl(localePath(locale, path)),
  };
}

type Layout = {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One plain layout for every e-mail, signed with the operator's name. */
export function renderLayout(context: EmailContext, { subject, heading, paragraphs, action }: Layout): RenderedEmail {
  const { locale } = context;
  const footer = context.t('email.footer', { operator: context.operatorName });
  const text = [
    heading,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    '--',
    footer,
  ].join('\n');
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:'Noto Sans',Arial,sans-serif;color:#1f2933">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(heading)}</h1>
${paragraphs.map((p) => `<p style="font-size:15px;line-height:1.5;margin:0 0 12px">${escapeHtml(p)}</p>`).join('\n')}
${
  action
    ? `<p style="margin:20px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0b5cad;color:#fff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#52606d;word-break:break-all">${escapeHtml(action.url)}</p>`
    : ''
}
<hr style="border:none;border-top:1px solid #e4e7eb;margin:20px 0">
<p style="font-size:12px;color:#7b8794;margin:0">${escapeHtml(footer)}</p>
</div></body></html>`;
  return { subject, text, html };
}
