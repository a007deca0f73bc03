import { AboveTheAppBoundary } from '@/components/above-the-app-boundary';

/**
 * Never reached (the portal calls no unauthorized()): here so that Next.js's built-in one, with its
 * inline styles, is not in every page's payload (see app/forbidden.tsx).
 */
export default function RootUnauthorized() {
  return <AboveTheAppBoundary status={401} />;
}
