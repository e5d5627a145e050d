import type { ArchiveImportReport, ArchiveManifest } from '@metamorph/contract';
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { missionTests, missions } from '../../../db/schema/index.js';
import type { Tx } from '../../../platform/tx.js';

/**
 * Links to other missions (a retest's original mission and tests, a finding's retest tests)
 * are the exporter's ids: a single-mission archive never holds their targets. Each is restored
 * when its target exists on this instance — the original a live mission of the same client,
 * an original test a live test of that mission, a retest test a live retest test — else
 * dropped (counted in the report). An archive imported back where it came from keeps them.
 */
export interface RetestLinks {
  missionId: string | null;
  /** Archive test id → original test id here (restored ones only). */
  tests: ReadonlyMap<string, string>;
  /** Retest test ids that exist here. */
  retestTests: ReadonlySet<string>;
  report: ArchiveImportReport['retest_links'];
}

export async function resolveRetestLinks(
  tx: Tx,
  m: ArchiveManifest,
  clientId: string,
): Promise<RetestLinks> {
  const wanted = m.mission.retest_of_mission_id ?? null;
  let missionId: string | null = null;
  if (wanted) {
    const [row] = await tx
      .select({ id: missions.id })
      .from(missions)
      .where(
        and(eq(missions.id, wanted), isNull(missions.deletedAt), eq(missions.clientId, clientId)),
      );
    missionId = row?.id ?? null;
  }
  const originals = [...new Set(m.tests.flatMap((t) => t.retest_of_test_id ?? []))];
  const found =
    missionId === null || originals.length === 0
      ? new Set<string>()
      : new Set(
          (
            await tx
              .select({ id: missionTests.id })
              .from(missionTests)
              .where(
                and(
                  inArray(missionTests.id, originals),
                  eq(missionTests.missionId, missionId),
                  isNull(missionTests.deletedAt),
                ),
              )
          ).map((r) => r.id),
        );
  const tests = new Map<string, string>();
  let testsDropped = 0;
  for (const t of m.tests) {
    if (!t.retest_of_test_id) continue;
    if (found.has(t.retest_of_test_id)) tests.set(t.id, t.retest_of_test_id);
    else testsDropped += 1;
  }
  const judges = [...new Set((m.findings ?? []).flatMap((f) => f.retest_test_ids))];
  const retestTests =
    judges.length === 0
      ? new Set<string>()
      : new Set(
          (
            await tx
              .select({ id: missionTests.id })
              .from(missionTests)
              .where(
                and(
                  inArray(missionTests.id, judges),
                  isNull(missionTests.deletedAt),
                  isNotNull(missionTests.retestOfTestId),
                ),
              )
          ).map((r) => r.id),
        );
  const links = (m.findings ?? []).flatMap((f) => f.retest_test_ids);
  const restored = links.filter((id) => retestTests.has(id)).length;
  return {
    missionId,
    tests,
    retestTests,
    report: {
      mission_restored: wanted ? missionId !== null : null,
      tests_restored: tests.size,
      tests_dropped: testsDropped,
      finding_retests_restored: restored,
      finding_retests_dropped: links.length - restored,
    },
  };
}

/** Warnings for the links that could not be restored. */
export function retestWarnings(r: RetestLinks['report']): string[] {
  const out: string[] = [];
  if (r.mission_restored === false) {
    out.push('The mission this one retests is not on this instance: the retest link was dropped');
  }
  if (r.tests_dropped > 0) {
    out.push(`${r.tests_dropped} tests lost their link to the original test they retest`);
  }
  if (r.finding_retests_dropped > 0) {
    out.push(
      `${r.finding_retests_dropped} links from findings to retest tests of other missions were dropped`,
    );
  }
  return out;
}
