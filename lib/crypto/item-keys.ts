import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { dataItemKeys } from '@/db/schema/subjects';

/**
 * Crypto-shredding for values kept in the audit log. The log is append-only, yet a destroyed value
 * must not be readable anywhere (Art. 1(6)); so an old value goes into its audit event sealed with
 * its item's own key (AES-256-GCM), and destroying the item deletes that key.
 */
async function keyFor(db: DbOrTx, dataItemId: string, create: boolean): Promise<Buffer | null> {
  if (create) {
    await db
      .insert(dataItemKeys)
      .values({ dataItemId, key: randomBytes(32) })
      .onConflictDoNothing();
  }
  const [row] = await db
    .select({ key: dataItemKeys.key })
    .from(dataItemKeys)
    .where(eq(dataItemKeys.dataItemId, dataItemId));
  return row?.key ?? null;
}

export async function sealForItem(db: DbOrTx, dataItemId: string, plaintext: string): Promise<string> {
  const key = (await keyFor(db, dataItemId, true))!;
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
