import type { LiveEvent, LiveEventKind } from '@metamorph/contract';
import { and, asc, eq, gt } from 'drizzle-orm';
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
      hidden: missionTests.hiddenFromBlue,
    })
    .from(missionEvents)
    .leftJoin(missionTests, eq(missionTests.id, missionEvents.testId))
    .where(and(eq(missionEvents.missionId, missionId), gt(missionEvents.seq, afterSeq)))
    .orderBy(asc(missionEvents.seq))
    .limit(limit);
  return rows.map((r) => ({
    hidden: r.hidden === true,
    event: {
      seq: r.seq,
      kind: r.kind as LiveEventKind,
      test_id: r.testId,
      evidence_id: r.evidenceId,
      actor_id: r.actorId,
      at: r.at.toISOString(),
    },
  }));
}

/** The mission's current change sequence (0 when it has none or does not exist). */
export async function currentSeq(db: DbOrTx, missionId: string): Promise<number> {
  const [row] = await db
    .select({ seq: missions.changeSeq })
    .from(missions)
    .where(eq(missions.id, missionId));
  return row?.seq ?? 0;
}
