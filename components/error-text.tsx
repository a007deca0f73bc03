'use client';

import { createContext, useContext } from 'react';

/**
 * The error page's few words, given by the server layout. The error page must be a client
 * component; taking its words from here keeps a message formatter out of every page's JavaScript.
 */
export type ErrorText = {
  title: string;
  body: string;
  retry: string;
  /** What a form says when the proxy refused its body as too large (lib/input/edge.ts). */
  tooLarge: string;
};
const ErrorTextContext = createContext<ErrorText>({ title: '', body: '', retry: '', tooLarge: '' });

export function ErrorTextProvider({ text, children }: { text: ErrorText; children: React.ReactNode }) {
  return <ErrorTextContext.Provider value={text}>{children}</ErrorTextContext.Provider>;
}

export const useErrorText = () => useContext(ErrorTextContext);
