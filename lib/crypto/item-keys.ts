import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { dataItemKeys } from '@/db/schema/subjects';

/**
 * Crypto-shredding for values kept in the audit log. The log is append-only, yet a destroyed value
 * must not be readable anywhere (Art. 1(6)); so an old value goes into its audit event sealed with
 * its item's own key (AES-256-GCM), and destroying the item deletes that key.
 */
async function keyFor(db: DbOrTx, dataItemId: string, create: boolean): Promise<Buffer | null> {
  if (create) {
    // One statement: the new key, or the one the item has. A key committed by another transaction
    // while this statement waited is outside its snapshot: the read below, a statement of its own, sees it.
    const made = db
      .insert(dataItemKeys)
      .values({ dataItemId, key: randomBytes(32) })
      .onConflictDoNothing()
      .getSQL();
    const [key] = await db.execute<{ key: Buffer }>(sql`
      with made as (${made} returning key)
      select key from made union all select key from data_item_keys where data_item_id = ${dataItemId}`);
    if (key) return key.key;
  }
  const [row] = await db
    .select({ key: dataItemKeys.key })
    .from(dataItemKeys)
    .where(eq(dataItemKeys.dataItemId, dataItemId));
  return row?.key ?? null;
}

export async function sealForItem(db: DbOrTx, dataItemId: string, plaintext: string): Promise<string> {
  return seal((await keyFor(db, dataItemId, true))!, plaintext);
}

/**
 * sealForItem for many items at once (an import's batch): their keys made where missing and read
 * in two statements, not two an item.
 */
export async function sealForItems(db: DbOrTx, values: Map<string, string>): Promise<Map<string, string>> {
  if (values.size === 0) return new Map();
  const ids = [...values.keys()];
  await db
    .insert(dataItemKeys)
    .values(ids.map((dataItemId) => ({ dataItemId, key: randomBytes(32) })))
    .onConflictDoNothing();
  const keys = await db
    .select({ dataItemId: dataItemKeys.dataItemId, key: dataItemKeys.key })
    .from(dataItemKeys)
    .where(inArray(dataItemKeys.dataItemId, ids));
  return new Map(keys.map(({ dataItemId, key }) => [dataItemId, seal(key, values.get(dataItemId)!)]));
}

/** Seals with a key the caller has already read (or made) for the item. */
export function sealWith(key: Buffer, plaintext: string): string {
  return seal(key, plaintext);
}

function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join(':');
}

/** The old value, or null once the item is destroyed and its key is gone. */
export async function openForItem(db: DbOrTx, dataItemId: string, sealed: string): Promise<string | null> {
  const key = await keyFor(db, dataItemId, false);
  const [version, iv, tag, data] = sealed.split(':');
  if (!key || version !== 'v1' || !iv || !tag || !data) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

export async function shredItemKey(db: DbOrTx, dataItemId: string): Promise<void> {
  await db.delete(dataItemKeys).where(eq(dataItemKeys.dataItemId, dataItemId));
}
