import {
  OPEN_FINDING_STATUSES,
  type FindingSeverity,
  type FindingStatus,
  type HeatmapFinding,
} from '@metamorph/contract';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  findingTests,
  findings,
  missionScenarios,
  missionTestAttack,
  missionTests,
} from '../db/schema/index.js';
import type { DbOrTx } from '../platform/tx.js';

/** A finding's linked test, as the hidden rule reads it. */
export interface FindingLink {
  testId: string;
  hidden: boolean;
  /** The test and its scenario are not soft-deleted. */
  live: boolean;
}

/**
 * The findings hidden rule, in one place: a blue-only member (`seesHidden` false) does not see
 * a finding that has linked tests none of which is a live test visible to blue. A finding
 * without links is seen by every member. (modules/live/events.repo.ts reads the same in SQL.)
 */
export function findingVisibleTo(seesHidden: boolean, links: readonly FindingLink[]): boolean {
  if (seesHidden || links.length === 0) return true;
  return links.some((l) => l.live && !l.hidden);
}

/** The linked tests the caller sees of a visible finding. */
export const shownLink = (seesHidden: boolean, l: FindingLink): boolean =>
  l.live && (seesHidden || !l.hidden);

/**
 * The open findings (OPEN_FINDING_STATUSES) of the given missions that the caller sees, each
 * with the techniques and sub-techniques of the linked tests the caller sees: what the heat
 * maps mark. Kernel, because results (which draws heat maps) sits below findings. Missions in
 * the order given, findings by number.
 */
export async function openFindings(
  db: DbOrTx,
  scope: ReadonlyArray<{ id: string; name: string; seesHidden: boolean }>,
): Promise<HeatmapFinding[]> {
  if (scope.length === 0) return [];
  const rows = await db
    .select({
      id: findings.id,
      missionId: findings.missionId,
      number: findings.number,
      title: findings.title,
      severity: findings.severity,
      status: findings.status,
    })
    .from(findings)
    .where(
      and(
        inArray(
          findings.missionId,
          scope.map((m) => m.id),
        ),
        isNull(findings.deletedAt),
        inArray(findings.status, [...OPEN_FINDING_STATUSES]),
      ),
    )
    .orderBy(asc(findings.number));
  if (rows.length === 0) return [];
  const links = await db
    .select({
      findingId: findingTests.findingId,
      testId: findingTests.testId,
      hidden: missionTests.hiddenFromBlue,
      testDeleted: missionTests.deletedAt,
      scenarioDeleted: missionScenarios.deletedAt,
    })
    .from(findingTests)
    .innerJoin(missionTests, eq(missionTests.id, findingTests.testId))
    .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
    .where(
      inArray(
        findingTests.findingId,
        rows.map((r) => r.id),
      ),
    );
  const linksOf = new Map<string, FindingLink[]>();
  for (const l of links) {
    const list = linksOf.get(l.findingId) ?? [];
    list.push({
      testId: l.testId,
      hidden: l.hidden,
      live: l.testDeleted === null && l.scenarioDeleted === null,
    });
    linksOf.set(l.findingId, list);
  }
  const testIds = [...new Set(links.map((l) => l.testId))];
  const tags = await db
    .select({
      testId: missionTestAttack.testId,
      kind: missionTestAttack.kind,
      externalId: missionTestAttack.externalId,
    })
    .from(missionTestAttack)
    .where(inArray(missionTestAttack.testId, testIds));
  const techniquesOf = new Map<string, string[]>();
  for (const g of tags) {
    if (g.kind === 'tactic') continue;
    techniquesOf.set(g.testId, [...(techniquesOf.get(g.testId) ?? []), g.externalId]);
  }
  const missions = new Map(scope.map((m, i) => [m.id, { ...m, order: i }]));
  return rows
    .flatMap((r) => {
      const m = missions.get(r.missionId);
      const own = linksOf.get(r.id) ?? [];
      if (!m || !findingVisibleTo(m.seesHidden, own)) return [];
      const shown = own.filter((l) => shownLink(m.seesHidden, l));
      const techniques = [...new Set(shown.flatMap((l) => techniquesOf.get(l.testId) ?? []))];
      return [
        {
          order: m.order,
          finding: {
            id: r.id,
            mission_id: r.missionId,
            mission_name: m.name,
            number: r.number,
            title: r.title,
            severity: r.severity as FindingSeverity,
            status: r.status as FindingStatus,
            technique_ids: techniques.sort(),
          },
        },
      ];
    })
    .sort((a, b) => a.order - b.order || a.finding.number - b.finding.number)
    .map((x) => x.finding);
}

/** Each cell with the number of open findings on its technique. */
export function markCells<C extends { technique_id: string }>(
  cells: readonly C[],
  open: readonly HeatmapFinding[],
): Array<C & { open_findings: number }> {
  const count = new Map<string, number>();
  for (const f of open) for (const t of f.technique_ids) count.set(t, (count.get(t) ?? 0) + 1);
  return cells.map((c) => ({ ...c, open_findings: count.get(c.technique_id) ?? 0 }));
}
