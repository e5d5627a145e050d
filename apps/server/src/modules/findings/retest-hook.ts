import type { FindingStatus } from '@metamorph/contract';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { findingRetestTests, findings, missionTests } from '../../db/schema/index.js';
import type { TestStateHook } from '../../kernel/state-hooks.js';
import { loadMissionResults } from '../results/index.js';
import { findingById } from './findings.repo.js';
import { judgeTests } from './verdict.js';

/**
 * When a retest test is reviewed, each finding it judges moves to retest_failed as soon as one
 * of the finding's retest tests in that mission is a gap, or to retest_passed once all of them
 * pass (testVerdict), audited and live in the finding's own mission. The original mission is
 * locked after the retest mission's rows: always newer → older (kernel alsoMission).
 */
export const retestHook: TestStateHook = async (w, { test, to }) => {
  if (to !== 'reviewed_by_blue' || !test.retestOfTestId) return;
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
    const all = judges.map((j) => verdicts.get(j.testId) ?? null);
    const next: FindingStatus | null = all.includes('gap')
      ? 'retest_failed'
      : all.every((v) => v === 'pass')
        ? 'retest_passed'
        : null;
    if (!next) continue;
    const seen = await findingById(w.tx, findingId);
    if (!seen || seen.deletedAt) continue;
    const original = await w.alsoMission(seen.missionId);
    const row = await findingById(w.tx, findingId, { forUpdate: true });
    if (!row || row.deletedAt || row.status === next) continue;
    await w.tx
      .update(findings)
      .set({ status: next, statusReason: null, version: row.version + 1, updatedAt: w.now })
      .where(eq(findings.id, findingId));
    await original.change('finding.changed', { findingId });
    original.audit({
      action: 'finding.retested',
      targetType: 'finding',
      targetId: findingId,
      before: { status: row.status, status_reason: row.statusReason, version: row.version },
      after: {
        status: next,
        status_reason: null,
        version: row.version + 1,
        retest_mission_id: test.missionId,
        retest_test_id: test.id,
      },
    });
  }
};
