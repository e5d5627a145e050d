import type { LiveEvent, LiveEventKind } from '@metamorph/contract';
import { and, asc, eq, gt, lt, min, sql } from 'drizzle-orm';
import { missionEvents, missionTests, missions } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

/** One stored mission event, with whether its test is hidden from blue right now. */
export interface EventRow {
  event: LiveEvent;
  /** The test is currently hidden from blue-only members: they must not see this event. */
  hidden: boolean;
}

export const EVENT_PAGE = 500;

/** Events of a mission after `afterSeq`, in sequence order, at most `limit`. */
export async function eventsAfter(
  db: DbOrTx,
  missionId: string,
  afterSeq: number,
  limit = EVENT_PAGE,
): Promise<EventRow[]> {
  const rows = await db
    .select({
      seq: missionEvents.seq,
      kind: missionEvents.kind,
      testId: missionEvents.testId,
      evidenceId: missionEvents.evidenceId,
      actorId: missionEvents.actorId,
      at: missionEvents.at,
      findingId: missionEvents.findingId,
      hidden: missionTests.hiddenFromBlue,
      findingHidden: findingHidden(),
    })
    .from(missionEvents)
    .leftJoin(missionTests, eq(missionTests.id, missionEvents.testId))
    .where(and(eq(missionEvents.missionId, missionId), gt(missionEvents.seq, afterSeq)))
    .orderBy(asc(missionEvents.seq))
    .limit(limit);
  return rows.map((r) => ({
    hidden: r.hidden === true || r.findingHidden === true,
    event: {
      seq: r.seq,
      kind: r.kind as LiveEventKind,
      test_id: r.testId,
      evidence_id: r.evidenceId,
      ...(r.findingId ? { finding_id: r.findingId } : {}),
      actor_id: r.actorId,
      at: r.at.toISOString(),
    },
  }));
}

/** The lowest stored sequence after `afterSeq` (undefined: none is stored). */
export async function firstSeqAfter(
  db: DbOrTx,
  missionId: string,
  afterSeq: number,
): Promise<number | undefined> {
  const [row] = await db
    .select({ seq: min(missionEvents.seq) })
    .from(missionEvents)
    .where(and(eq(missionEvents.missionId, missionId), gt(missionEvents.seq, afterSeq)));
  return row?.seq == null ? undefined : Number(row.seq);
}

/** Deletes the events of every mission recorded before `before`; returns how many. */
export async function pruneEvents(db: DbOrTx, before: Date): Promise<number> {
  const rows = await db
    .delete(missionEvents)
    .where(lt(missionEvents.at, before))
    .returning({ seq: missionEvents.seq });
  return rows.length;
}

/**
 * A finding event is hidden from blue-only members when the finding has linked tests and none
 * of them is a live test visible to blue (the findings module's rule, read here in SQL).
 */
function findingHidden() {
  return sql<boolean | null>`CASE WHEN ${missionEvents.findingId} IS NULL THEN false ELSE
    EXISTS (SELECT 1 FROM finding_tests ft WHERE ft.finding_id = ${missionEvents.findingId})
    AND NOT EXISTS (
      SELECT 1 FROM finding_tests ft
      JOIN mission_tests mt ON mt.id = ft.test_id
      JOIN mission_scenarios ms ON ms.id = mt.scenario_id
      WHERE ft.finding_id = ${missionEvents.findingId} AND mt.deleted_at IS NULL
        AND ms.deleted_at IS NULL AND NOT mt.hidden_from_blue) END`;
}

/** The mission's current change sequence (0 when it has none or does not exist). */
export async function currentSeq(db: DbOrTx, missionId: string): Promise<number> {
  const [row] = await db
    .select({ seq: missions.changeSeq })
    .from(missions)
    .where(eq(missions.id, missionId));
  return row?.seq ?? 0;
}
