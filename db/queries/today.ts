/**
 * "Now" as queries need it, measured by the caller in Kazakhstan time (lib/deadlines/due.ts,
 * kazakhstanToday): queries take it rather than compute it, so db/ needs nothing from lib/.
 */
export type Today = { now: Date; day: string; endOfToday: Date };
