import { AboveTheAppBoundary } from '@/components/above-the-app-boundary';

/**
 * Next.js puts a forbidden and an unauthorized boundary above the root layout of every page and
 * renders them into every page's payload, used or not; its built-in ones carry about 1 kB of inline
 * styles each (issue 15). Nothing above app/[locale]/layout.tsx calls forbidden(): pages do, and
 * app/[locale]/forbidden.tsx answers them. So the boundary here is as small as a page can be.
 */
export default function RootForbidden() {
  return <AboveTheAppBoundary status={403} />;
}
