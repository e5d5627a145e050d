import { and, desc, eq } from 'drizzle-orm';
import { apiTokens } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type NewApiTokenRow = typeof apiTokens.$inferInsert;

/** A user's tokens, newest first (revoked and expired ones included, for the record). */
export function listUserTokens(db: DbOrTx, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** One token, only if it belongs to the user (someone else's id reads as unknown). */
export async function findUserToken(
  db: DbOrTx,
  userId: string,
  id: string,
): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)));
  return row;
}

export async function insertToken(db: DbOrTx, values: NewApiTokenRow): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error('api token insert returned nothing');
  return row;
}

export async function markRevoked(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, id));
}
