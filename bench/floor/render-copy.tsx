import { createElement, type ReactNode } from 'react';
import type { CopyNode } from '../page-copy';

/** A page's copy (bench/page-copy.ts) as React elements: what /kk/copy renders (app/[locale]/copy/page.tsx). */
export function renderCopy(node: CopyNode, key?: number): ReactNode {
  if (typeof node === 'string') return node;
  const [tag, props, ...children] = node;
  return createElement(tag, { ...props, key }, ...children.map((child) => renderCopy(child)));
}
