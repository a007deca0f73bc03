/**
 * The headers of every file the portal hands out: saved, never shown inline (a document cannot run
 * as a page of the portal), its declared type believed as is, and kept by no cache on the way
 * (it holds personal data). The name is given both ways: plain ASCII for old clients, and UTF-8
 * (RFC 6266 / 5987) so a Kazakh or Russian file name survives.
 */
export function downloadHeaders(contentType: string, fileName: string): Record<string, string> {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}
