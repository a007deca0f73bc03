import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { findOperatorProfile } from '@/db/queries/operator';
import { auditEvents, auditSeals } from '@/db/schema/audit';
import { users } from '@/db/schema/auth';
import { shiftDay } from '@/lib/deadlines/calendar';
import { endOfKazakhstanDay, kazakhstanDay } from '@/lib/deadlines/due';
import { enqueueEmail } from '@/lib/mail/outbox';
import { renderAuditSeals } from '@/lib/mail/templates/audit-seals';

/**
 * Daily seals over the audit chain (Art. 22(1)(5); issue 10, point 7). The chain alone (migration
 * 0001) catches an edited row, but whoever can switch the triggers off (a superuser, the tables'
 * owner) can also edit a row and recompute every hash after it: the chain then verifies as intact.
 * So each day, the chain's last event at the end of that Almaty day and its hash are sealed with
 * HMAC-SHA256 under AUDIT_SEAL_KEY, a key that is in the configuration and never in the database:
 * a rewrite changes that event's hash, and the seal no longer matches; a new seal cannot be made
 * without the key. The seals are kept in `audit_seals` and exported where the database cannot
 * reach them: a line in AUDIT_SEALS_FILE and an e-mail to each dpo, so deleting the rows does not
 * hide a rewrite either. `npm run derbes -- verify-audit [--seals FILE]` checks them.
 *
 * HMAC rather than a signature: one secret, one line of configuration, and checking needs the
 * same key, which the operator keeps anyway. (An Ed25519 key pair would let an outside auditor
 * check with only the public key; the seal line's `v` leaves room for it.)
 */
export type SealLine = {
  v: 1;
  /** The Almaty day sealed. */
  day: string;
  /** The chain's last event at the end of that day, and its hash. */
  lastEventId: number;
  lastHash: string;
  /** Which key sealed it: an HMAC of a fixed text, so the key itself is never revealed. */
  keyId: string;
  seal: string;
  sealedAt: string;
};

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

export function sealKeyId(key: string): string {
  return hmac(key, 'derbes audit seal key id').slice(0, 16);
}

/** The seal of one day's head: every field that matters, one per line, under a versioned label. */
export function computeSeal(key: string, head: { day: string; lastEventId: number; lastHash: string }): string {
  return hmac(key, ['derbes-audit-seal/v1', head.day, String(head.lastEventId), head.lastHash].join('\n'));
}

const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function toLine(row: typeof auditSeals.$inferSelect): SealLine {
  return {
    v: 1,
    day: row.day,
    lastEventId: row.lastEventId,
    lastHash: row.lastHash,
    keyId: row.keyId,
    seal: row.seal,
    sealedAt: row.sealedAt.toISOString(),
  };
}

export type SealOptions = { key: string; file: string };

/**
 * Seals every day not sealed yet, up to yesterday (Almaty): each from the day after the last seal
 * (or only yesterday, the first time: a head's hash covers every event before it, so one seal
 * covers all that was recorded until then), so a worker that was down catches up. For each, the seal
 * row, the e-mail to each dpo and the line in the file are written in one transaction: the file
 * is appended last, before the commit, so a seal that failed to export is not kept either and the
 * next run seals that day again. Returns the new seals.
 */
export async function sealAuditDays(db: Db, now: Date, { key, file }: SealOptions): Promise<SealLine[]> {
  const yesterday = shiftDay(kazakhstanDay(now), -1);
  return db.transaction(async (tx) => {
    // Two callers at once (workers catching up after an outage) never seal the same day twice.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derbes:audit-seal'))`);
    const [last] = await tx.select({ day: auditSeals.day }).from(auditSeals).orderBy(desc(auditSeals.day)).limit(1);
    const keyId = sealKeyId(key);
    const sealed: SealLine[] = [];
    for (let day = last ? shiftDay(last.day, 1) : yesterday; day <= yesterday; day = shiftDay(day, 1)) {
      const [head] = await tx
        .select({ id: auditEvents.id, hash: auditEvents.hash })
        .from(auditEvents)
        .where(lte(auditEvents.at, endOfKazakhstanDay(day)))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      // Nothing recorded yet: nothing to seal.
      if (!head) continue;
      const values = { day, lastEventId: head.id, lastHash: head.hash };
      const [row] = await tx
        .insert(auditSeals)
        .values({ ...values, keyId, seal: computeSeal(key, values) })
        .returning();
      sealed.push(toLine(row!));
    }
    if (sealed.length === 0) return sealed;

    const dpos = await tx
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.role, 'dpo'), isNull(users.disabledAt)))
      .orderBy(asc(users.email));
    const operator = await findOperatorProfile(tx);
    const email = renderAuditSeals(operator, { days: sealed.map((s) => s.day), lines: sealed.map(formatSealLine) });
    for (const dpo of dpos) {
      if (dpo.email) await enqueueEmail(tx, { kind: 'audit_seals', to: dpo.email, locale: 'kk', ...email });
    }
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    appendFileSync(file, sealed.map((line) => `${formatSealLine(line)}\n`).join(''), { mode: 0o640 });
    return sealed;
  });
}

/** One seal as the line written to the file and the e-mail: JSON, keys in a fixed order. */
export function formatSealLine(line: SealLine): string {
  const { v, day, lastEventId, lastHash, keyId, seal, sealedAt } = line;
  return JSON.stringify({ v, day, lastEventId, lastHash, keyId, seal, sealedAt });
}

/** Reads a seals file (or seal lines pasted from the e-mails): one JSON line each; blank lines and `#` comments skipped. */
export function parseSealLines(text: string): SealLine[] {
  const lines: SealLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let value: Partial<SealLine>;
    try {
      value = JSON.parse(line) as Partial<SealLine>;
    } catch {
      throw new Error(`line ${index + 1} is not a seal (not JSON)`);
    }
    const isSeal =
      value.v === 1 &&
      /^\d{4}-\d{2}-\d{2}$/.test(String(value.day)) &&
      Number.isInteger(value.lastEventId) &&
      /^[0-9a-f]{64}$/.test(String(value.lastHash)) &&
      /^[0-9a-f]{16}$/.test(String(value.keyId)) &&
      /^[0-9a-f]{64}$/.test(String(value.seal));
    if (!isSeal) throw new Error(`line ${index + 1} is not a seal (a field is missing or malformed)`);
    lines.push(value as SealLine);
  });
  return lines;
}

/**
 * What can be wrong with a seal:
 * - `rewritten`: the event it sealed no longer has that hash: events up to it were changed after
 *   the day was sealed (and the chain recomputed, if the chain check says intact);
 * - `event_missing`: the event it sealed is gone;
 * - `forged`: the seal does not match its own fields under the key: the seal was altered;
 * - `other_key`: sealed with another key than AUDIT_SEAL_KEY: cannot be checked with this one;
 * - `not_in_database`, `differs`: a seal from the file that the database lacks or holds otherwise.
 */
export type SealProblemKind = 'rewritten' | 'event_missing' | 'forged' | 'other_key' | 'not_in_database' | 'differs';
export type SealProblem = { kind: SealProblemKind; source: 'database' | 'file'; day: string; lastEventId: number };
export type SealCheck = {
  /** Seals checked in the database and in the file. */
  database: number;
  file: number;
  lastSealedDay: string | null;
  problems: SealProblem[];
};

/**
 * Checks every seal in the database, and every line of a seals file when given, against the key
 * and against the events as they are now. Problems in day order, the database's first.
 */
export async function verifyAuditSeals(db: Db, key: string, fileLines: SealLine[] = []): Promise<SealCheck> {
  const rows = (await db.select().from(auditSeals).orderBy(asc(auditSeals.day))).map(toLine);
  const ids = [...new Set([...rows, ...fileLines].map((s) => s.lastEventId))];
  const hashes = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await db
      .select({ id: auditEvents.id, hash: auditEvents.hash })
      .from(auditEvents)
      .where(inArray(auditEvents.id, ids.slice(i, i + 1000)));
    for (const e of found) hashes.set(e.id, e.hash);
  }
  const keyId = sealKeyId(key);
  const problems: SealProblem[] = [];
  const check = (seal: SealLine, source: SealProblem['source']) => {
    const problem = (kind: SealProblemKind) =>
      problems.push({ kind, source, day: seal.day, lastEventId: seal.lastEventId });
    if (seal.keyId !== keyId) return problem('other_key');
    if (!sameHex(seal.seal, computeSeal(key, seal))) return problem('forged');
    const hash = hashes.get(seal.lastEventId);
    if (hash === undefined) return problem('event_missing');
    if (hash !== seal.lastHash) return problem('rewritten');
  };
  for (const row of rows) check(row, 'database');
  const byDay = new Map(rows.map((r) => [r.day, r]));
  for (const line of fileLines) {
    check(line, 'file');
    const row = byDay.get(line.day);
    if (!row) problems.push({ kind: 'not_in_database', source: 'file', day: line.day, lastEventId: line.lastEventId });
    else if (row.lastEventId !== line.lastEventId || row.lastHash !== line.lastHash || row.seal !== line.seal)
      problems.push({ kind: 'differs', source: 'file', day: line.day, lastEventId: line.lastEventId });
  }
  return { database: rows.length, file: fileLines.length, lastSealedDay: rows.at(-1)?.day ?? null, problems };
}

/** One line for the operator, naming the day that diverges and what it means. */
export function describeSealProblem(p: SealProblem): string {
  const where = `the seal of ${p.day} (${p.source === 'file' ? 'in the seals file' : 'in the database'})`;
  switch (p.kind) {
    case 'rewritten':
      return `REWRITTEN: ${where}: event ${p.lastEventId} no longer has the hash sealed that day; events up to ${p.lastEventId} were changed after ${p.day} was sealed`;
    case 'event_missing':
      return `REWRITTEN: ${where}: event ${p.lastEventId}, sealed that day, no longer exists`;
    case 'forged':
      return `FORGED: ${where} does not match its own fields under AUDIT_SEAL_KEY: the seal was altered`;
    case 'other_key':
      return `UNCHECKED: ${where} was made with another key than AUDIT_SEAL_KEY`;
    case 'not_in_database':
      return `MISSING: ${where} is not in the database: seals were deleted`;
    case 'differs':
      return `DIFFERS: ${where} is not the one the database holds for that day`;
  }
}
