import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
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

/** The live tests of a set that the caller may see, locked in id order, and the rest. */
export interface LockedTestSet {
  /** Locked `FOR NO KEY UPDATE`, in id order. */
  tests: MissionTestRow[];
  /** Ids not among them: unknown, in another mission, soft-deleted or hidden from this caller. */
  missing: string[];
}

/**
 * Locks many tests of a mission in one statement, in id order (the one order two writers can
 * both follow; `ORDER BY` sits below the row locks, so rows are locked as sorted). The mission
 * row must already be held (`access.locked`: the caller runs inside `missionWrite`). A test
 * hidden from a blue-only caller is neither locked nor told apart from one that does not exist.
 */
export async function lockTestSet(
  db: DbOrTx,
  access: MissionAccess,
  testIds: readonly string[],
): Promise<LockedTestSet> {
  if (!access.locked) throw new Error('lockTestSet needs the mission row held (missionWrite)');
  const ids = [...new Set(testIds)].sort();
  if (ids.length === 0) return { tests: [], missing: [] };
  const rows = await db
    .select({ test: missionTests })
    .from(missionTests)
    .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
    .where(
      and(
        inArray(missionTests.id, ids),
        eq(missionTests.missionId, access.mission.id),
        isNull(missionTests.deletedAt),
        isNull(missionScenarios.deletedAt),
        access.seesHidden ? undefined : eq(missionTests.hiddenFromBlue, false),
      ),
    )
    .orderBy(asc(missionTests.id))
    .for('no key update', { of: missionTests });
  const found = new Set(rows.map((r) => r.test.id));
  return { tests: rows.map((r) => r.test), missing: ids.filter((id) => !found.has(id)) };
}
