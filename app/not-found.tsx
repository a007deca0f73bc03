import { getTranslations } from '@/i18n/server';
import { localePath } from '@/i18n/paths';
import { routing } from '@/i18n/routing';

/**
 * Only paths outside the localized app end here (the proxy gives every page a locale), so it
 * speaks every language. A server component with plain links: Next.js loads this boundary's code
 * with every page, and next/error would add its client code (~6 kB gzipped) to each first load.
 */
export default async function GlobalNotFound() {
  const texts = await Promise.all(
    routing.locales.map(async (locale) => ({ locale, t: await getTranslations({ locale, namespace: 'errors' }) })),
  );
  return (
    <html lang={routing.defaultLocale}>
      <body>
        <main>
          {texts.map(({ locale, t }) => (
            <section key={locale} lang={locale}>
              <h1>{t('notFoundTitle')}</h1>
              <p>{t('notFound')}</p>
              <p>
                <a href={localePath(locale, '/')}>{t('backHome')}</a>
              </p>
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}
