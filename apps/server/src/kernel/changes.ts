import { eq, sql } from 'drizzle-orm';
import { missionEvents, missionTests, missions } from '../db/schema/index.js';
import type { Clock } from '../platform/clock.js';
import { sqlRows } from '../platform/sql-rows.js';
import type { DbOrTx } from '../platform/tx.js';

/** The NOTIFY channel every server process listens on; payloads carry ids only. */
export const MISSION_EVENTS_CHANNEL = 'metamorph_mission_events';

export type MissionEventKind =
  | 'test.changed'
  | 'test.revealed'
  | 'evidence.added'
  | 'evidence.removed'
  | 'evidence.changed'
  | 'plan.changed'
  | 'finding.changed';

export interface MissionChange {
  missionId: string;
  kind: MissionEventKind;
  testId?: string | null;
  evidenceId?: string | null;
  findingId?: string | null;
  actorId?: string | null;
  /** The write's one timestamp (the test's updated_at); the clock's now when absent. */
  at?: Date;
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
  const now = (c.at ?? clock.now()).toISOString();
  const keepActor = c.actorId === undefined;
  // One statement: bump the sequence (row lock), stamp the test (the activity feed reads who
  // touched it last, and when), keep the event row and queue its NOTIFY for commit time.
  const rows = await sqlRows<{ seq: string | number }>(
    tx,
    sql`
    WITH m AS (
      UPDATE ${missions} SET change_seq = change_seq + 1
      WHERE id = ${c.missionId}::uuid
      RETURNING change_seq AS seq
    ), t AS (
      UPDATE ${missionTests} AS t
      SET change_seq = m.seq, updated_at = ${now}::timestamptz,
          last_actor_id = CASE WHEN ${keepActor}::boolean THEN t.last_actor_id ELSE ${c.actorId ?? null}::uuid END
      FROM m WHERE t.id = ${c.testId ?? null}::uuid
      RETURNING t.id
    ), ev AS (
      INSERT INTO ${missionEvents} (mission_id, seq, kind, test_id, evidence_id, finding_id, actor_id, at)
      SELECT ${c.missionId}::uuid, m.seq, ${c.kind}, ${c.testId ?? null}::uuid,
             ${c.evidenceId ?? null}::uuid, ${c.findingId ?? null}::uuid, ${c.actorId ?? null}::uuid,
             ${now}::timestamptz
      FROM m
      RETURNING seq
    )
    SELECT seq, pg_notify(${MISSION_EVENTS_CHANNEL},
                          json_build_object('m', ${c.missionId}::text, 's', seq)::text)
    FROM ev`,
  );
  const row = rows[0];
  if (!row) throw new Error(`mission ${c.missionId} vanished during a write`);
  return Number(row.seq);
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
    at?: Date;
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
  const now = c.at ?? clock.now();
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
