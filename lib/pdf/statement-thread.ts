import { parentPort } from 'node:worker_threads';
import { serveThread } from '@/lib/threads/pool';
import { renderStatementPdf } from './statement';

/** A thread of lib/pdf/statement-off-thread.ts's pool: renders the statements it is sent. */
serveThread(parentPort!, (args: Parameters<typeof renderStatementPdf>) => renderStatementPdf(...args));
