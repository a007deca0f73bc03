/**
 * What a boundary above the localized app shows (app/forbidden.tsx, app/unauthorized.tsx): there is
 * no layout above it, so it is a whole document, and no locale, so it says only the status.
 */
export function AboveTheAppBoundary({ status }: { status: number }) {
  return (
    <html lang="en">
      <body>
        <h1>{status}</h1>
      </body>
    </html>
  );
}
