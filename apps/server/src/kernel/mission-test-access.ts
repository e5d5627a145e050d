import { and, eq, isNull } from 'drizzle-orm';
import { missionScenarios, missionTests, type MissionTestRow } from '../db/schema/index.js';
import type { Actor } from '../platform/authz.js';
import { notFound } from '../platform/errors.js';
import type { DbOrTx } from '../platform/tx.js';
import { missionAccess, type MissionAccess } from './mission-access.js';

export const testNotFound = () => notFound('Test');

export interface TestAccess extends MissionAccess {
  test: MissionTestRow;
}

/**
 * A live test of a mission the actor may see: 404 when the mission is not visible, the test
 * is not in it, it or its scenario is soft-deleted, or it is hidden from this blue-only
 * member (exactly as if it did not exist). `forUpdate` locks the mission row, then the test row.
 */
export async function testAccess(
  db: DbOrTx,
  actor: Actor | null | undefined,
  missionId: string,
  testId: string,
  opts: { forUpdate?: boolean; access?: MissionAccess } = {},
): Promise<TestAccess> {
  // A write locks the mission row before the test row (the one lock order of mission writes):
  // an access already read under that lock (missionWrite) is reused, as is any for a read.
  const known = opts.access?.mission.id === missionId ? opts.access : undefined;
  const access =
    known && (known.locked || !opts.forUpdate)
      ? known
      : await missionAccess(db, actor, missionId, { forUpdate: opts.forUpdate });
  const q = db
    .select({ test: missionTests })
    .from(missionTests)
    .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
    .where(
      and(
        eq(missionTests.id, testId),
        eq(missionTests.missionId, missionId),
        isNull(missionTests.deletedAt),
        isNull(missionScenarios.deletedAt),
      ),
    );
  const [row] = opts.forUpdate ? await q.for('no key update', { of: missionTests }) : await q;
  if (!row || (row.test.hiddenFromBlue && !access.seesHidden)) throw testNotFound();
  return { ...access, test: row.test };
}
