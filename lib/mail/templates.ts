import type { Locale } from '@/db/schema/subjects';
import { translatorFor } from '@/lib/i18n/translator';

export type RenderedEmail = { subject: string; text: string; html: string };

type Layout = {
  locale: Locale;
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer: string;
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One plain layout for every e-mail: a text part that reads well on its own, and a simple HTML part. */
export function renderLayout({ locale, subject, heading, paragraphs, action, footer }: Layout): RenderedEmail {
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

export function renderSignInEmail(
  locale: Locale,
  { url, minutes, operatorName }: { url: string; minutes: number; operatorName: string },
): RenderedEmail {
  const t = translatorFor(locale);
  return renderLayout({
    locale,
    subject: t('email.signIn.subject'),
    heading: t('email.signIn.heading'),
    paragraphs: [
      t('email.signIn.body', { operator: operatorName }),
      t('email.signIn.expiry', { minutes }),
      t('email.signIn.ignore'),
    ],
    action: { label: t('email.signIn.action'), url },
    footer: t('email.footer', { operator: operatorName }),
  });
}
