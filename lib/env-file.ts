import { existsSync, readFileSync } from 'node:fs';
import { parseEnv as parseDotEnv } from 'node:util';
import { resetEnv, variables } from './env';

// Apart from lib/env.ts so that the web server's bundle never reads files by a dynamic path
// (the file tracer would then copy the whole project into the standalone build).

/**
 * Reads a `.env` file into process.env (variables already set win). A line that is not
 * `NAME=value` is an error (it may be a mangled secret); a name the portal does not read is a
 * warning (often a typo). Neither is silently ignored.
 */
export function loadDotEnv(file = '.env'): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!existsSync(file)) return { errors, warnings };
  const content = readFileSync(file, 'utf8');
  let openQuote: string | null = null;
  // What Node's parser is given: blank lines, comments and indentation outside quoted values are
  // taken out, because its parser joins a whitespace-only line to the next name (Node 20).
  const cleaned: string[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (openQuote) {
      cleaned.push(line);
      if (trimmed.endsWith(openQuote)) openQuote = null;
      return;
    }
    if (!trimmed || trimmed.startsWith('#')) return;
    cleaned.push(trimmed);
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) {
      errors.push(`${file} line ${index + 1}: not a NAME=value line`);
      return;
    }
    const [, name, value] = match as unknown as [string, string, string];
    const quote = /^["'`]/.exec(value)?.[0];
    if (quote && (value.length === 1 || !value.slice(1).includes(quote))) openQuote = quote;
    if (!(name in variables))
      warnings.push(`${file} line ${index + 1}: ${name} is not a variable the portal reads (see .env.example)`);
  });
  const values = parseDotEnv(cleaned.join('\n'));
  for (const [name, value] of Object.entries(values)) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
  resetEnv();
  return { errors, warnings };
}
