/**
 * Nothing to do at start. This file is here so that Next.js, whose workspace root is the
 * repository's, does not take the portal's instrumentation.ts for the bare page's.
 */
export function register() {}
