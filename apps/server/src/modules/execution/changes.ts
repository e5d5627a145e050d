import { eq, sql } from 'drizzle-orm';
import { missionEvents, missionTests, missions } from '../../db/schema/index.js';
import type { Clock } from '../../platform/clock.js';
import type { DbOrTx } from '../../platform/tx.js';

/** The NOTIFY channel every server process listens on; payloads carry ids only. */
export const MISSION_EVENTS_CHANNEL = 'metamorph_mission_events';

export type MissionEventKind =
  | 'test.changed'
  | 'test.revealed'
  | 'evidence.added'
  | 'evidence.removed'
  | 'evidence.changed'
  | 'plan.changed';

export interface MissionChange {
  missionId: string;
  kind: MissionEventKind;
  testId?: string | null;
  evidenceId?: string | null;
  actorId?: string | null;
}

/** The NOTIFY payload: `{"m":"<mission id>","s":<seq>}` (well under the 8 KB cap). */
export interface MissionNotifyPayload {
  m: string;
  s: number;
}

/**
 * Records one change as the last step of the caller's transaction: bumps the mission's change
 * sequence (the row lock orders concurrent writers, so numbers follow commit order), stamps
 * the test with it, keeps an event row for SSE replay and queues a NOTIFY that PostgreSQL
 * delivers only if and when the transaction commits. Returns the sequence number.
 */
export async function recordChange(tx: DbOrTx, clock: Clock, c: MissionChange): Promise<number> {
  const [row] = await tx
    .update(missions)
    .set({ changeSeq: sql`${missions.changeSeq} + 1` })
    .where(eq(missions.id, c.missionId))
    .returning({ seq: missions.changeSeq });
  if (!row) throw new Error(`mission ${c.missionId} vanished during a write`);
  const seq = row.seq;
  if (c.testId) {
    // The activity feed reads these: who touched the test last, and when.
    await tx
      .update(missionTests)
      .set({
        changeSeq: seq,
        updatedAt: clock.now(),
        ...(c.actorId !== undefined ? { lastActorId: c.actorId } : {}),
      })
      .where(eq(missionTests.id, c.testId));
  }
  await tx.insert(missionEvents).values({
    missionId: c.missionId,
    seq,
    kind: c.kind,
    testId: c.testId ?? null,
    evidenceId: c.evidenceId ?? null,
    actorId: c.actorId ?? null,
    at: clock.now(),
  });
  const payload: MissionNotifyPayload = { m: c.missionId, s: seq };
  await tx.execute(sql`SELECT pg_notify(${MISSION_EVENTS_CHANNEL}, ${JSON.stringify(payload)})`);
  return seq;
}

/**
 * Records one change per test in a single round of statements (revealing a whole blind
 * mission): the mission's sequence moves by the number of tests, each test gets its own number.
 */
export async function recordTestChanges(
  tx: DbOrTx,
  clock: Clock,
  c: {
    missionId: string;
    kind: MissionEventKind;
    testIds: readonly string[];
    actorId: string | null;
  },
): Promise<number | null> {
  const n = c.testIds.length;
  if (n === 0) return null;
  const [row] = await tx
    .update(missions)
    .set({ changeSeq: sql`${missions.changeSeq} + ${n}` })
    .where(eq(missions.id, c.missionId))
    .returning({ seq: missions.changeSeq });
  if (!row) throw new Error(`mission ${c.missionId} vanished during a write`);
  const first = row.seq - n + 1;
  const now = clock.now();
  const ids = sql.join(
    c.testIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE ${missionTests} AS t
    SET change_seq = ${first - 1} + u.ord, updated_at = ${now.toISOString()}::timestamptz, last_actor_id = ${c.actorId}::uuid
    FROM unnest(ARRAY[${ids}]) WITH ORDINALITY AS u(id, ord)
    WHERE t.id = u.id`);
  await tx.insert(missionEvents).values(
    c.testIds.map((testId, i) => ({
      missionId: c.missionId,
      seq: first + i,
      kind: c.kind,
      testId,
      actorId: c.actorId,
      at: now,
    })),
  );
  const payload: MissionNotifyPayload = { m: c.missionId, s: row.seq };
  await tx.execute(sql`SELECT pg_notify(${MISSION_EVENTS_CHANNEL}, ${JSON.stringify(payload)})`);
  return row.seq;
}
