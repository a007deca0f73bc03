import '../globals.css';
import type { Metadata, Viewport } from 'next';
import { notFound } from 'next/navigation';
import { hasLocale } from 'next-intl';
import { setRequestLocale } from 'next-intl/server';
import { getTranslations } from '@/i18n/server';
import { ErrorTextProvider } from '@/components/error-text';
import { FormOutcomeProvider, FormOutcomeSlot } from '@/components/form-outcome';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { routing } from '@/i18n/routing';
import { getOperatorProfileForFrame } from '@/lib/operator';
import { localePath } from '@/i18n/paths';

type Props = { children: React.ReactNode; params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const [t, operator] = await Promise.all([
    getTranslations({ locale, namespace: 'metadata' }),
    getOperatorProfileForFrame(),
  ]);
  return {
    title: { template: t('titleTemplate'), default: t('defaultTitle') },
    description: t('description', { operator: operator?.name[locale] ?? '' }),
    alternates: { languages: Object.fromEntries(routing.locales.map((l) => [l, localePath(l, '/')])) },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function LocaleLayout({ children, params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const [t, te] = await Promise.all([
    getTranslations({ locale, namespace: 'common' }),
    getTranslations({ locale, namespace: 'errors' }),
  ]);

  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="skip-link">
          {t('skipToContent')}
        </a>
        {/* Client components get their words as props from the server: no message catalogue, no
            message formatter and no next-intl client runtime are shipped to the browser. */}
        <ErrorTextProvider
          text={{ title: te('errorTitle'), body: te('error'), retry: te('retry'), tooLarge: te('tooLarge') }}
        >
          <FormOutcomeProvider>
            <SiteHeader />
            <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-10">
              <FormOutcomeSlot />
              {children}
            </main>
            <SiteFooter />
          </FormOutcomeProvider>
        </ErrorTextProvider>
      </body>
    </html>
  );
}
