import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '@/db';
import { apiScopes, apiTokens, type ApiScope } from '@/db/schema/integrations';
import { systems } from '@/db/schema/inventory';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { authorize } from '@/lib/auth/authorize';
import { DomainError } from '@/lib/errors';

/**
 * API tokens (issue 13, point 2): one system each, a set of scopes, an expiry. The token is shown
 * once, when made; the portal keeps only its SHA-256 (a random 256-bit secret needs no stretching)
 * and its first characters to tell tokens apart. Made and revoked by the admin in the back office
 * (/admin/api) or on the command line (`npm run derbes -- token …`).
 */
export const TOKEN_PREFIX = 'dbs_';
/** `dbs_` and the first 8 characters of the secret: what the back office shows of a token. */
const SHOWN_CHARACTERS = 12;
export const MAX_TOKEN_DAYS = 730;

/** Why making or revoking a token was refused: keys of `api.tokens.errors`. */
export type TokenRefusal = 'nameTaken' | 'unknownSystem' | 'notFound';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `dbs_` + 43 characters of base64url: 32 random bytes. */
export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, SHOWN_CHARACTERS) };
}

/** A new token's fields, as the back office's form and the command line give them. */
export const tokenInput = z.object({
  name: z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(1).max(100)),
  system: z.string().trim().min(1).max(200),
  scopes: z.array(z.enum(apiScopes)).min(1),
  days: z.coerce.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type TokenInput = z.output<typeof tokenInput>;

const findSystem = async (db: DbOrTx, code: string) =>
  (
    await db
      .select({ id: systems.id })
      .from(systems)
      .where(and(eq(systems.code, code), isNull(systems.retiredAt)))
  )[0];

/** Why a token with these fields cannot be made, or null: the form says it on the field. */
export async function findTokenRefusal(db: DbOrTx, input: TokenInput): Promise<TokenRefusal | null> {
  if (!(await findSystem(db, input.system))) return 'unknownSystem';
  const [taken] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, input.name));
  return taken ? 'nameTaken' : null;
}

/** A token made or revoked, in the audit trail (Art. 22(1)(5)): its name and rights, never the token. */
function auditToken(tx: Tx, actor: Actor, tokenId: string, details: Record<string, unknown>) {
  return recordAudit(tx, { actor, action: 'integration_changed', entityType: 'api_token', entityId: tokenId, details });
}

/** Makes a token for a system in use. The token itself is in the answer and nowhere else. */
export async function createApiToken(tx: Tx, input: TokenInput, actor: Actor, now = new Date()) {
  const refusal = await findTokenRefusal(tx, input);
  if (refusal) throw new DomainError<TokenRefusal>(refusal);
  const system = (await findSystem(tx, input.system))!;
  const { token, hash, prefix } = generateApiToken();
  const [row] = await tx
    .insert(apiTokens)
    .values({
      name: input.name,
      systemId: system.id,
      scopes: [...new Set(input.scopes)] as ApiScope[],
      tokenHash: hash,
      prefix,
      expiresAt: new Date(now.getTime() + input.days * 86_400_000),
      createdById: actor.id,
    })
    .returning({ id: apiTokens.id, expiresAt: apiTokens.expiresAt });
  await auditToken(tx, actor, row!.id, {
    change: 'created',
    name: input.name,
    system: input.system,
    scopes: [...new Set(input.scopes)],
    expiresAt: row!.expiresAt.toISOString(),
  });
  return { token, id: row!.id, prefix, expiresAt: row!.expiresAt };
}

/** Every token, newest first, with its system: never the hash. */
export async function listApiTokens(db: DbOrTx) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      systemCode: systems.code,
      systemName: systems.name,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .innerJoin(systems, eq(systems.id, apiTokens.systemId))
    .orderBy(desc(apiTokens.createdAt), apiTokens.id);
}
export type ListedToken = Awaited<ReturnType<typeof listApiTokens>>[number];

/** Revokes a token by id or name; refused from the next call on. Revoking it again changes nothing. */
export async function revokeApiToken(tx: Tx, which: { id: string } | { name: string }, actor: Actor, now = new Date()) {
  const [token] = await tx
    .select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where('id' in which ? eq(apiTokens.id, which.id) : eq(apiTokens.name, which.name.trim()))
    .for('update');
  if (!token) throw new DomainError<TokenRefusal>('notFound');
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
  await tx.update(apiTokens).set({ revokedAt: now, revokedById: actor.id }).where(eq(apiTokens.id, token.id));
  await auditToken(tx, actor, token.id, { change: 'revoked', name: token.name });
  return { id: token.id, revokedAt: now };
}

/** A token's state for a list: active, expired or revoked. */
export function tokenState(token: Pick<ListedToken, 'revokedAt' | 'expiresAt'>, now = new Date()) {
  return token.revokedAt ? 'revoked' : token.expiresAt <= now ? 'expired' : 'active';
}

type User = Parameters<typeof authorize>[0];

/** The back office's way: the admin's permission checked here too, as every back-office function does. */
export async function createApiTokenAsStaff(tx: Tx, user: User, input: TokenInput) {
  const staff = authorize(user, 'integrations.manage');
  return createApiToken(tx, input, staff);
}

export async function revokeApiTokenAsStaff(tx: Tx, user: User, tokenId: string) {
  const staff = authorize(user, 'integrations.manage');
  return revokeApiToken(tx, { id: tokenId }, staff);
}

/** The systems a token may be made for: those in use. */
export async function listTokenSystems(db: DbOrTx) {
  return db
    .select({ code: systems.code, name: systems.name })
    .from(systems)
    .where(isNull(systems.retiredAt))
    .orderBy(systems.sortOrder, systems.code);
}
