/**
 * How much a person may attach to one form (also in the README, "Supporting documents"): at most
 * MAX_FILES files of at most MAX_FILE_BYTES each. Kept apart from lib/files/attachments.ts so the
 * proxy (lib/input/edge.ts) and the pages' size checks need none of its parsing.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;
/** What the file pickers offer: the types lib/files/attachments.ts accepts, by type and by extension. */
export const ACCEPTED_FILES = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
/**
 * The largest form body: the files and room for the fields. next.config.mjs gives Next.js the same
 * limit (serverActions.bodySizeLimit and proxyClientMaxBodySize, '52mb'; lib/files/limits.test.ts
 * keeps them equal); lib/input/edge.ts answers a larger body with a localized 413 before Next.js
 * would answer it with a 500.
 */
export const MAX_REQUEST_BYTES = 52 * 1024 * 1024;
