import type { Finding, FindingSeverity, FindingStatus, GapReason } from '@metamorph/contract';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  findingRetestTests,
  findingTests,
  findings,
  missionScenarios,
  missionTestAttack,
  missionTests,
  users,
  type FindingRow,
} from '../../db/schema/index.js';
import { findingVisibleTo, shownLink } from '../../kernel/open-findings.js';
import type { DbOrTx } from '../../platform/tx.js';

/** A finding's linked tests as the visibility rule and the wire shape need them. */
interface LinkRow {
  findingId: string;
  testId: string;
  hidden: boolean;
  live: boolean;
  scenarioPosition: number;
  position: number;
}

/** Live findings of a mission by number (or only the given ids). */
export async function findingRows(
  db: DbOrTx,
  missionId: string,
  ids?: readonly string[],
): Promise<FindingRow[]> {
  if (ids && ids.length === 0) return [];
  return db
    .select()
    .from(findings)
    .where(
      and(
        eq(findings.missionId, missionId),
        isNull(findings.deletedAt),
        ids ? inArray(findings.id, [...ids]) : undefined,
      ),
    )
    .orderBy(asc(findings.number));
}

/** One finding by id (deleted ones too: the caller decides), optionally locked. */
export async function findingById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<FindingRow | undefined> {
  const q = db.select().from(findings).where(eq(findings.id, id));
  const [row] = opts.forUpdate ? await q.for('no key update') : await q;
  return row;
}

async function links(db: DbOrTx, findingIds: readonly string[]): Promise<LinkRow[]> {
  if (findingIds.length === 0) return [];
  const rows = await db
    .select({
      findingId: findingTests.findingId,
      testId: findingTests.testId,
      hidden: missionTests.hiddenFromBlue,
      testDeleted: missionTests.deletedAt,
      scenarioDeleted: missionScenarios.deletedAt,
      scenarioPosition: missionScenarios.position,
      position: missionTests.position,
    })
    .from(findingTests)
    .innerJoin(missionTests, eq(missionTests.id, findingTests.testId))
    .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
    .where(inArray(findingTests.findingId, [...findingIds]));
  return rows
    .map((r) => ({
      findingId: r.findingId,
      testId: r.testId,
      hidden: r.hidden,
      live: r.testDeleted === null && r.scenarioDeleted === null,
      scenarioPosition: r.scenarioPosition,
      position: r.position,
    }))
    .sort((a, b) => a.scenarioPosition - b.scenarioPosition || a.position - b.position);
}

/** The wire findings the caller may see, in the order given. */
export async function toFindings(
  db: DbOrTx,
  rows: readonly FindingRow[],
  seesHidden: boolean,
): Promise<Finding[]> {
  const ids = rows.map((r) => r.id);
  const all = await links(db, ids);
  const byFinding = new Map<string, LinkRow[]>();
  for (const l of all) byFinding.set(l.findingId, [...(byFinding.get(l.findingId) ?? []), l]);
  const shown = (l: LinkRow) => shownLink(seesHidden, l);
  const testIds = [...new Set(all.filter(shown).map((l) => l.testId))];
  const tags =
    testIds.length === 0
      ? []
      : await db
          .select({
            testId: missionTestAttack.testId,
            kind: missionTestAttack.kind,
            externalId: missionTestAttack.externalId,
            name: missionTestAttack.name,
          })
          .from(missionTestAttack)
          .where(inArray(missionTestAttack.testId, testIds))
          .orderBy(asc(missionTestAttack.position));
  const retests =
    ids.length === 0
      ? []
      : await db
          .select({ findingId: findingRetestTests.findingId, testId: findingRetestTests.testId })
          .from(findingRetestTests)
          .innerJoin(missionTests, eq(missionTests.id, findingRetestTests.testId))
          .where(and(inArray(findingRetestTests.findingId, ids), isNull(missionTests.deletedAt)))
          .orderBy(asc(missionTests.createdAt), asc(missionTests.id));
  const ownerIds = [...new Set(rows.flatMap((r) => (r.ownerUserId ? [r.ownerUserId] : [])))];
  const owners = new Map(
    ownerIds.length === 0
      ? []
      : (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(inArray(users.id, ownerIds))
        ).map((u) => [u.id, u.name]),
  );
  return (
    rows
      // The hidden rule (kernel/open-findings.ts: the heat maps read it too).
      .filter((r) => findingVisibleTo(seesHidden, byFinding.get(r.id) ?? []))
      .map((r) => {
        const own = (byFinding.get(r.id) ?? []).filter(shown).map((l) => l.testId);
        const techniques = new Map<string, string | null>();
        for (const g of tags) {
          if (g.kind !== 'tactic' && own.includes(g.testId) && !techniques.has(g.externalId)) {
            techniques.set(g.externalId, g.name);
          }
        }
        return {
          id: r.id,
          mission_id: r.missionId,
          number: r.number,
          title: r.title,
          severity: r.severity as FindingSeverity,
          status: r.status as FindingStatus,
          status_reason: r.statusReason,
          description_md: r.descriptionMd,
          recommendation_md: r.recommendationMd,
          test_ids: own,
          techniques: [...techniques].map(([external_id, name]) => ({ external_id, name })),
          gap_reason: r.gapReason as GapReason | null,
          sigma_rule: r.sigmaRule,
          siem_query: r.siemQuery,
          ticket_url: r.ticketUrl,
          owner_user_id: r.ownerUserId,
          owner_display_name: r.ownerUserId ? (owners.get(r.ownerUserId) ?? null) : null,
          owner_name: r.ownerName,
          due_on: r.dueOn,
          retest_test_ids: retests.filter((x) => x.findingId === r.id).map((x) => x.testId),
          version: r.version,
          created_by: r.createdBy,
          created_at: r.createdAt.toISOString(),
          updated_at: r.updatedAt.toISOString(),
        };
      })
  );
}

/** Links a finding to its tests (replacing any it had). */
export async function setFindingTests(
  db: DbOrTx,
  findingId: string,
  testIds: readonly string[],
): Promise<void> {
  await db.delete(findingTests).where(eq(findingTests.findingId, findingId));
  const unique = [...new Set(testIds)];
  if (unique.length > 0) {
    await db.insert(findingTests).values(unique.map((testId) => ({ findingId, testId })));
  }
}

/** The linked test ids of a finding (live or not), for audit diffs. */
export async function linkedTestIds(db: DbOrTx, findingId: string): Promise<string[]> {
  const rows = await db
    .select({ testId: findingTests.testId })
    .from(findingTests)
    .where(eq(findingTests.findingId, findingId));
  return rows.map((r) => r.testId).sort();
}

/**
 * A mission's live findings as the caller may see them (the hidden rule applied, linked tests
 * limited to the live ones they see), by number: what other modules read (the archive).
 */
export async function listMissionFindings(
  db: DbOrTx,
  missionId: string,
  seesHidden: boolean,
): Promise<Finding[]> {
  return toFindings(db, await findingRows(db, missionId), seesHidden);
}
