import type { ApiScope } from '@/db/schema/integrations';
import { openApiDocument } from './openapi';

/**
 * The OpenAPI document as the back office's reference page reads it (/admin/api): operations by
 * tag, each with its parameters, body fields and answers flattened to rows, rendered on the server
 * (no client-side viewer to ship). Read from the generated document itself, so the page shows
 * exactly what /api/v1/openapi.json says.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  'x-scope': ApiScope | null;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};

export type FieldRow = { name: string; type: string; required: boolean; description: string };
export type ReferenceOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  scope: ApiScope | null;
  parameters: (FieldRow & { in: string })[];
  body: FieldRow[];
  responses: { status: string; description: string }[];
};

export function apiReference(origin: string) {
  const doc = openApiDocument(origin) as unknown as Document;
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: Schema | undefined): Schema => {
    let current = s ?? {};
    while (current.$ref) current = schemas[current.$ref.split('/').pop()!] ?? {};
    return current;
  };
  const typeOf = (raw: Schema): string => {
    const s = resolve(raw);
    const variants = s.anyOf ?? s.oneOf;
    if (variants) return variants.map(typeOf).join(' | ');
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array')))
      return `${typeOf(s.items ?? {})}[]${s.maxItems ? ` (≤ ${s.maxItems})` : ''}`;
    const base = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
    const extra = [s.format, s.maxLength ? `≤ ${s.maxLength}` : null].filter(Boolean).join(', ');
    return extra ? `${base} (${extra})` : base;
  };
  const fields = (raw: Schema, prefix = ''): FieldRow[] => {
    const s = resolve(raw);
    const required = new Set(s.required ?? []);
    return Object.entries(s.properties ?? {}).flatMap(([name, property]) => {
      const p = resolve(property);
      const row = {
        name: `${prefix}${name}`,
        type: typeOf(property),
        required: required.has(name),
        description: property.description ?? p.description ?? '',
      };
      const element = p.type === 'array' ? resolve(p.items) : null;
      return element?.properties ? [row, ...fields(element, `${prefix}${name}[].`)] : [row];
    });
  };
  const operations: (ReferenceOperation & { tag: string })[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.push({
        tag: op.tags[0] ?? '',
        id: op.operationId,
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        summary: op.summary,
        description: op.description.replace(/\n\nScope: `[^`]+`\.$/, ''),
        scope: op['x-scope'],
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          type: typeOf(p.schema ?? {}),
          required: p.required ?? false,
          description: p.description ?? p.schema?.description ?? '',
        })),
        body: op.requestBody ? fields(Object.values(op.requestBody.content)[0]!.schema) : [],
        responses: Object.entries(op.responses).map(([status, r]) => ({ status, description: r.description })),
      });
    }
  }
  const tags = [...new Set(operations.map((o) => o.tag))];
  return tags.map((tag) => ({ tag, operations: operations.filter((o) => o.tag === tag) }));
}
