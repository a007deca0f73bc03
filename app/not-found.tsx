'use client';

import NextError from 'next/error';

// Only paths outside the localized app end here (the proxy gives every page a locale).
export default function GlobalNotFound() {
  return (
    <html lang="kk">
      <body>
        <NextError statusCode={404} />
      </body>
    </html>
  );
}
