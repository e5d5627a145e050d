import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema/index.js';
import type { Clock } from '../platform/clock.js';
import { randomSecret, sha256Hex } from '../platform/crypto.js';
import { newId } from '../platform/ids.js';
import type { DbOrTx } from '../platform/tx.js';

export type SessionRow = typeof sessions.$inferSelect;

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Only the SHA-256 of a session token is stored; the token itself lives in the cookie. */
export const hashToken = (token: string): string => sha256Hex(token);

/** Touch a session at most this often, so reads do not turn into writes on every request. */
const TOUCH_EVERY_MS = 60_000;

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(
    tx: DbOrTx,
    userId: string,
    policy: SessionPolicy,
    meta: { ip: string | null; userAgent: string | null; stage?: 'full' | 'mfa_pending' },
  ): Promise<{ token: string; session: SessionRow }> {
    const token = randomSecret(32);
    const now = this.clock.now();
    const [session] = await tx
      .insert(sessions)
      .values({
        id: newId(),
        tokenHash: hashToken(token),
        userId,
        stage: meta.stage ?? 'full',
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + policy.absoluteHours * 3_600_000),
        idleExpiresAt: new Date(now.getTime() + policy.idleMinutes * 60_000),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      })
      .returning();
    if (!session) throw new Error('session insert returned nothing');
    return { token, session };
  }

  /** The live session for a cookie token, or undefined (unknown, expired or idle too long). */
  async find(token: string): Promise<SessionRow | undefined> {
    if (token.length < 20 || token.length > 100) return undefined;
    const [row] = await this.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(token)));
    if (!row) return undefined;
    const now = this.clock.now();
    if (row.expiresAt <= now || row.idleExpiresAt <= now) {
      await this.db.delete(sessions).where(eq(sessions.id, row.id));
      return undefined;
    }
    return row;
  }

  /** Pushes the idle expiry forward (throttled). */
  async touch(row: SessionRow, idleMinutes: number): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - row.lastSeenAt.getTime() < TOUCH_EVERY_MS) return;
    await this.db
      .update(sessions)
      .set({ lastSeenAt: now, idleExpiresAt: new Date(now.getTime() + idleMinutes * 60_000) })
      .where(eq(sessions.id, row.id));
  }

  /** Gives a session a new id and token (privilege change); the old token stops working. */
  async rotate(tx: DbOrTx, row: SessionRow): Promise<{ token: string; session: SessionRow }> {
    const token = randomSecret(32);
    const [session] = await tx
      .update(sessions)
      .set({ id: newId(), tokenHash: hashToken(token), rotateRequired: false })
      .where(eq(sessions.id, row.id))
      .returning();
    if (!session) throw new Error('session vanished during rotation');
    return { token, session };
  }

  async revoke(tx: DbOrTx, sessionId: string): Promise<void> {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
  }

  /** Revokes every session of a user, optionally keeping one. Returns how many ended. */
  async revokeAll(tx: DbOrTx, userId: string, keep?: string): Promise<number> {
    const rows = await tx
      .delete(sessions)
      .where(
        keep
          ? and(eq(sessions.userId, userId), ne(sessions.id, keep))
          : eq(sessions.userId, userId),
      )
      .returning({ id: sessions.id });
    return rows.length;
  }

  /** Marks every session of a user for a new id at its next request. */
  async requireRotation(tx: DbOrTx, userId: string): Promise<void> {
    await tx.update(sessions).set({ rotateRequired: true }).where(eq(sessions.userId, userId));
  }

  async listForUser(userId: string): Promise<SessionRow[]> {
    const now = this.clock.now();
    const rows = await this.db.select().from(sessions).where(eq(sessions.userId, userId));
    return rows.filter((r) => r.expiresAt > now && r.idleExpiresAt > now);
  }
}
