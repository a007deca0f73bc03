import path from 'node:path';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/**
 * The floor of the page benchmark (bench/run.ts): the bare Next.js + next-intl page the portal's
 * pages are measured against, built and started by the benchmark with the portal's node_modules.
 */
export default withNextIntl({
  poweredByHeader: false,
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
  outputFileTracingRoot: path.resolve(import.meta.dirname, '../..'),
});
