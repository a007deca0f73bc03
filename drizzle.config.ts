import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` diffs db/schema against the committed migrations; it never connects.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema',
  out: './db/migrations',
  casing: 'snake_case',
});
