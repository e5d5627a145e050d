import { RETEST_OUTCOMES, type FindingStatus } from '@metamorph/contract';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { auditEvents, findingRetestTests, findings, missionTests } from '../../db/schema/index.js';
import type { TestStateHook } from '../../kernel/state-hooks.js';
import { loadMissionResults } from '../results/index.js';
import { findingById } from './findings.repo.js';
import { judgeTests } from './verdict.js';
import type { DbOrTx } from '../../platform/tx.js';

type Verdict = 'pass' | 'gap' | null;

/** The verdict of a finding's retest tests in one mission: failed, passed, or none yet. */
function retestOutcome(all: readonly Verdict[]): FindingStatus | null {
  if (all.includes('gap')) return 'retest_failed';
  if (all.length > 0 && all.every((v) => v === 'pass')) return 'retest_passed';
  return null;
}

/**
 * The status a finding had before this retest mission's verdict: the `before` of its latest
 * `finding.retested` audit row (the chain keeps it), `fixed` — the status a finding is handed
 * to a retest in — when there is none or it was itself a retest outcome.
 */
async function statusBeforeVerdict(db: DbOrTx, findingId: string): Promise<FindingStatus> {
  const [last] = await db
    .select({ before: auditEvents.before })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.targetType, 'finding'),
        eq(auditEvents.targetId, findingId),
        eq(auditEvents.action, 'finding.retested'),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const before = (last?.before as { status?: FindingStatus } | null)?.status;
  return before && !RETEST_OUTCOMES.includes(before) ? before : 'fixed';
}

/**
 * When a retest test is reviewed, each finding it judges moves to retest_failed as soon as one
 * of the finding's retest tests in that mission is a gap, or to retest_passed once all of them
 * pass (testVerdict), audited `finding.retested`. When such a review is undone (the test leaves
 * reviewed_by_blue), a finding still holding a retest outcome is judged again by the reviews
 * that remain (a gap left: retest_failed), else goes back to the status it had before the
 * verdict (statusBeforeVerdict: usually `fixed`), audited `finding.retest_undone`; a status a
 * lead set since is left alone.
 * Audited and live in the finding's own mission. The original mission is locked after the
 * retest mission's rows: always newer → older (kernel alsoMission).
 */
export const retestHook: TestStateHook = async (w, { test, from, to }) => {
  if (!test.retestOfTestId || from === to) return;
  const reviewed = to === 'reviewed_by_blue';
  if (!reviewed && from !== 'reviewed_by_blue') return;
  const links = await w.tx
    .select({ findingId: findingRetestTests.findingId })
    .from(findingRetestTests)
    .where(eq(findingRetestTests.testId, test.id))
    .orderBy(asc(findingRetestTests.findingId));
  if (links.length === 0) return;
  const data = await loadMissionResults(w.tx, test.missionId, { includeHidden: true });
  const verdicts = new Map(judgeTests(data).map((j) => [j.row.id, j.verdict]));
  for (const { findingId } of links) {
    const judges = await w.tx
      .select({ testId: findingRetestTests.testId })
      .from(findingRetestTests)
      .innerJoin(missionTests, eq(missionTests.id, findingRetestTests.testId))
      .where(
        and(
          eq(findingRetestTests.findingId, findingId),
          eq(missionTests.missionId, test.missionId),
          isNull(missionTests.deletedAt),
        ),
      );
    const outcome = retestOutcome(judges.map((j) => verdicts.get(j.testId) ?? null));
    if (reviewed && !outcome) continue;
    const seen = await findingById(w.tx, findingId);
    if (!seen || seen.deletedAt) continue;
    if (!reviewed && !RETEST_OUTCOMES.includes(seen.status as FindingStatus)) continue;
    const original = await w.alsoMission(seen.missionId);
    const row = await findingById(w.tx, findingId, { forUpdate: true });
    if (!row || row.deletedAt) continue;
    if (!reviewed && !RETEST_OUTCOMES.includes(row.status as FindingStatus)) continue;
    const next: FindingStatus = outcome ?? (await statusBeforeVerdict(w.tx, findingId));
    if (row.status === next) continue;
    await w.tx
      .update(findings)
      .set({ status: next, statusReason: null, version: row.version + 1, updatedAt: w.now })
      .where(eq(findings.id, findingId));
    await original.change('finding.changed', { findingId });
    original.audit({
      action: reviewed ? 'finding.retested' : 'finding.retest_undone',
      targetType: 'finding',
      targetId: findingId,
      before: { status: row.status, status_reason: row.statusReason, version: row.version },
      after: {
        status: next,
        status_reason: null,
        version: row.version + 1,
        retest_mission_id: test.missionId,
        retest_test_id: test.id,
        ...(reviewed ? {} : { test_state: to }),
      },
    });
  }
};
