import type { PresenceViewer } from '@metamorph/contract';
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { missionPresence, missionTests, users } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

/** Presence rows live in PostgreSQL so every process sees every viewer; they expire by ttl. */
export const PRESENCE_TTL_SECONDS = 45;

export interface PresenceKey {
  connectionId: string;
  missionId: string;
  userId: string;
}

export interface PresenceRow extends PresenceViewer {
  /** The viewed test is hidden from blue-only members. */
  hidden: boolean;
}

const expiresAt = sql`${missionPresence.seenAt} + ${missionPresence.ttlSeconds} * interval '1 second'`;
const at = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/**
 * Creates or refreshes a connection's row. `testId` undefined keeps the current test. Answers
 * false when the connection id belongs to another user or mission (nothing is changed).
 */
export async function upsertPresence(
  db: DbOrTx,
  key: PresenceKey,
  testId: string | null | undefined,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(missionPresence)
    .values({ ...key, testId: testId ?? null, seenAt: now, ttlSeconds: PRESENCE_TTL_SECONDS })
    .onConflictDoUpdate({
      target: missionPresence.connectionId,
      set: {
        seenAt: now,
        ...(testId === undefined ? {} : { testId }),
      },
      setWhere: and(
        eq(missionPresence.userId, key.userId),
        eq(missionPresence.missionId, key.missionId),
      ),
    })
    .returning({ id: missionPresence.connectionId });
  return rows.length > 0;
}

/** Refreshes `seen_at` of this process's open streams (one statement per heartbeat). */
export async function touchPresence(db: DbOrTx, connectionIds: string[], now: Date) {
  if (connectionIds.length === 0) return;
  await db
    .update(missionPresence)
    .set({ seenAt: now })
    .where(inArray(missionPresence.connectionId, connectionIds));
}

export async function removePresence(db: DbOrTx, connectionIds: string[]) {
  if (connectionIds.length === 0) return;
  await db.delete(missionPresence).where(inArray(missionPresence.connectionId, connectionIds));
}

/** Forgets rows nobody refreshed within their ttl (a crashed process's viewers). */
export async function purgeExpiredPresence(db: DbOrTx, now: Date) {
  await db.delete(missionPresence).where(lt(expiresAt, at(now)));
}

/** Live viewers of a mission, one per user and test, in a stable order. */
export async function listPresence(
  db: DbOrTx,
  missionId: string,
  now: Date,
): Promise<PresenceRow[]> {
  const rows = await db
    .selectDistinct({
      userId: missionPresence.userId,
      displayName: users.displayName,
      testId: missionPresence.testId,
      hidden: missionTests.hiddenFromBlue,
    })
    .from(missionPresence)
    .innerJoin(users, eq(users.id, missionPresence.userId))
    .leftJoin(missionTests, eq(missionTests.id, missionPresence.testId))
    .where(and(eq(missionPresence.missionId, missionId), gt(expiresAt, at(now))))
    .orderBy(asc(users.displayName), asc(missionPresence.userId), asc(missionPresence.testId));
  return rows.map((r) => ({
    user_id: r.userId,
    display_name: r.displayName,
    test_id: r.testId,
    hidden: r.hidden === true,
  }));
}

/** What one subscriber may see: blue-only members do not learn which hidden test is viewed. */
export function presenceFor(rows: PresenceRow[], seesHidden: boolean): PresenceViewer[] {
  const seen = new Set<string>();
  const out: PresenceViewer[] = [];
  for (const r of rows) {
    const testId = r.hidden && !seesHidden ? null : r.test_id;
    const key = `${r.user_id}/${testId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ user_id: r.user_id, display_name: r.display_name, test_id: testId });
  }
  return out;
}
