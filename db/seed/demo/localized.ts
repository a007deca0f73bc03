// The demo's texts, each in the portal's three languages.
import type { LocalizedText } from '@/db/schema/columns';

/** One text in Kazakh, Russian and English, in that order. */
export const L = (kk: string, ru: string, en: string): LocalizedText => ({ kk, ru, en });
