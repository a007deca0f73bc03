import { getTranslations } from 'next-intl/server';

// Rendered on every request, as the portal's pages are (they read the session cookie): the floor
// is the cost of the stack itself, not of a prerendered file.
export const dynamic = 'force-dynamic';

export default async function Home() {
  const t = await getTranslations('home');
  return (
    <main>
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
    </main>
  );
}
