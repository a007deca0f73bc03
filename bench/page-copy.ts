import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';

/**
 * A portal page's body as plain data, for the floor's copy of it (bench/floor/app/[locale]/copy):
 * the same elements, attributes and text rendered by a bare Next.js + next-intl page as server
 * elements, with no data to read, no session, no client component. Measured beside the portal's
 * page, it separates what the portal's own work costs from what any page of that size costs on this
 * stack (round 13: the server's CPU follows a page's size).
 *
 * A node is its text or [tag, attributes, ...children]; the attributes are React's props already
 * (className, htmlFor, defaultValue…), so that the floor only calls createElement.
 */
export type CopyNode = string | [tag: string, props: Record<string, string | boolean>, ...children: CopyNode[]];

// HTML attribute names whose React prop is spelled otherwise (those the portal's pages use).
const PROP_NAMES: Record<string, string> = {
  class: 'className',
  for: 'htmlFor',
  tabindex: 'tabIndex',
  readonly: 'readOnly',
  maxlength: 'maxLength',
  minlength: 'minLength',
  colspan: 'colSpan',
  rowspan: 'rowSpan',
  autocomplete: 'autoComplete',
  autofocus: 'autoFocus',
  inputmode: 'inputMode',
  enctype: 'encType',
  'accept-charset': 'acceptCharset',
  novalidate: 'noValidate',
  datetime: 'dateTime',
  spellcheck: 'spellCheck',
  crossorigin: 'crossOrigin',
  formaction: 'formAction',
  formmethod: 'formMethod',
  srcset: 'srcSet',
};
const BOOLEAN = new Set([
  'checked',
  'selected',
  'disabled',
  'required',
  'hidden',
  'open',
  'multiple',
  'readonly',
  'autofocus',
  'novalidate',
]);
// Form state React sets as defaults on the server (a value without onChange is read-only to it).
const DEFAULTS: Record<string, string> = { value: 'defaultValue', checked: 'defaultChecked' };
// What the floor's own layout and Next.js add again, or what only a browser runs.
const SKIPPED = new Set(['script', 'link', 'meta', 'title', 'style', 'template', 'noscript']);

function props(tag: string, attributes: Record<string, string>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'style' || name === 'nonce') continue; // a style string is not a React prop; a nonce is per response
    const form = (tag === 'input' || tag === 'select' || tag === 'textarea') && DEFAULTS[name];
    const prop = form || PROP_NAMES[name] || name;
    out[prop] = BOOLEAN.has(name) ? true : value;
  }
  if (tag === 'option' && out.selected) delete out.selected; // React sets it from the select's value
  return out;
}

function convert(node: ChildNode): CopyNode | null {
  if (node.type === 'text') return node.data;
  if (node.type !== 'tag') return null; // comments (React's Suspense markers), directives
  if (SKIPPED.has(node.name)) return null;
  const children = node.children.map(convert).filter((c): c is CopyNode => c !== null);
  const attributes = props(node.name, node.attribs);
  if (node.name === 'textarea') return ['textarea', { ...attributes, defaultValue: children.join('') }];
  return [node.name, attributes, ...children];
}

/** The body's children of a served page, without its scripts. */
export function copyOfPage(html: string): CopyNode[] {
  const document = parseDocument(html, { decodeEntities: true });
  const find = (nodes: ChildNode[]): ChildNode | undefined => {
    for (const node of nodes) {
      if (node.type === 'tag' && node.name === 'body') return node;
      if ('children' in node) {
        const found = find(node.children);
        if (found) return found;
      }
    }
    return undefined;
  };
  const body = find(document.children);
  if (!body || !('children' in body)) throw new Error('the page has no body');
  return body.children.map(convert).filter((c): c is CopyNode => c !== null);
}
