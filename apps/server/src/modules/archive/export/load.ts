import type { Finding } from '@metamorph/contract';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  clients,
  detectionLevels,
  evidenceFiles,
  missionAssets,
  missionMembers,
  missionScenarios,
  missionTestAttack,
  missionTestToolResults,
  missionTests,
  users,
} from '../../../db/schema/index.js';
import type { MissionAccess } from '../../../kernel/mission-access.js';
import type { DbOrTx } from '../../../platform/tx.js';
import { listMissionFindings } from '../../findings/index.js';

type Select<T extends { $inferSelect: unknown }> = T['$inferSelect'];

/** The rows one archive is written from, read in one transaction (a consistent snapshot). */
export interface ArchiveRows {
  mission: MissionAccess['mission'];
  client: Select<typeof clients>;
  members: Array<{ userId: string; role: string; addedAt: Date }>;
  assets: Select<typeof missionAssets>[];
  scenarios: Select<typeof missionScenarios>[];
  /** Live tests of live scenarios; hidden ones only for callers who see them. */
  tests: Select<typeof missionTests>[];
  tags: Select<typeof missionTestAttack>[];
  toolResults: Select<typeof missionTestToolResults>[];
  levels: Select<typeof detectionLevels>[];
  evidence: Select<typeof evidenceFiles>[];
  /** Live findings the caller sees (the findings module's hidden rule), by number. */
  findings: Finding[];
  /** Every user any row above refers to, by id. */
  users: ReadonlyMap<string, { email: string; displayName: string }>;
}

/**
 * Reads a mission for its archive; the caller has passed the mission guard (`access`). Every list
 * is ordered by what survives an import (positions, names, times, emails), ids last, so an
 * imported mission exports in the same order.
 */
export async function loadArchiveRows(db: DbOrTx, access: MissionAccess): Promise<ArchiveRows> {
  const mission = access.mission;
  const id = mission.id;
  const [client] = await db.select().from(clients).where(eq(clients.id, mission.clientId));
  if (!client) throw new Error(`mission ${id} has no client row`);
  const members = await db
    .select({
      userId: missionMembers.userId,
      role: missionMembers.role,
      addedAt: missionMembers.addedAt,
    })
    .from(missionMembers)
    .innerJoin(users, eq(users.id, missionMembers.userId))
    .where(eq(missionMembers.missionId, id))
    .orderBy(asc(missionMembers.addedAt), asc(sql`lower(${users.email})`));
  const assets = await db
    .select()
    .from(missionAssets)
    .where(eq(missionAssets.missionId, id))
    .orderBy(
      asc(missionAssets.kind),
      asc(missionAssets.position),
      asc(missionAssets.name),
      asc(missionAssets.id),
    );
  const scenarios = await db
    .select()
    .from(missionScenarios)
    .where(and(eq(missionScenarios.missionId, id), isNull(missionScenarios.deletedAt)))
    .orderBy(asc(missionScenarios.position), asc(missionScenarios.name), asc(missionScenarios.id));
  const scenarioOrder = new Map(scenarios.map((s, i) => [s.id, i]));
  const tests = (
    await db
      .select()
      .from(missionTests)
      .where(
        and(
          eq(missionTests.missionId, id),
          isNull(missionTests.deletedAt),
          access.seesHidden ? undefined : eq(missionTests.hiddenFromBlue, false),
        ),
      )
      .orderBy(
        asc(missionTests.position),
        asc(missionTests.snapshotName),
        asc(missionTests.createdAt),
        asc(missionTests.id),
      )
  )
    .filter((t) => scenarioOrder.has(t.scenarioId))
    .sort(
      (a, b) => (scenarioOrder.get(a.scenarioId) ?? 0) - (scenarioOrder.get(b.scenarioId) ?? 0),
    );
  const testIds = new Set(tests.map((t) => t.id));
  const tags = (
    await db
      .select({ tag: missionTestAttack })
      .from(missionTestAttack)
      .innerJoin(missionTests, eq(missionTests.id, missionTestAttack.testId))
      .where(eq(missionTests.missionId, id))
      .orderBy(asc(missionTestAttack.testId), asc(missionTestAttack.position))
  )
    .map((r) => r.tag)
    .filter((t) => testIds.has(t.testId));
  const assetOrder = new Map(assets.map((a, i) => [a.id, i]));
  const toolResults = (
    await db.select().from(missionTestToolResults).where(eq(missionTestToolResults.missionId, id))
  )
    .filter((r) => testIds.has(r.testId))
    .sort(
      (a, b) =>
        (assetOrder.get(a.defenceToolId) ?? 0) - (assetOrder.get(b.defenceToolId) ?? 0) ||
        a.testId.localeCompare(b.testId),
    );
  const levelIds = [...new Set(tests.flatMap((t) => t.detectionLevelId ?? []))];
  const levels =
    levelIds.length === 0
      ? []
      : await db
          .select()
          .from(detectionLevels)
          .where(inArray(detectionLevels.id, levelIds))
          .orderBy(asc(detectionLevels.rank), asc(detectionLevels.key));
  const testOrder = new Map(tests.map((t, i) => [t.id, i]));
  const evidence = (
    await db
      .select()
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.missionId, id), isNull(evidenceFiles.deletedAt)))
      .orderBy(asc(evidenceFiles.uploadedAt), asc(evidenceFiles.sha256), asc(evidenceFiles.id))
  )
    .filter((e) => testOrder.has(e.testId))
    // Stable across instances (ids differ): time, then the test's place, then the content.
    .sort(
      (a, b) =>
        a.uploadedAt.getTime() - b.uploadedAt.getTime() ||
        (testOrder.get(a.testId) ?? 0) - (testOrder.get(b.testId) ?? 0),
    );
  const userIds = new Set<string>();
  const add = (u: string | null) => {
    if (u) userIds.add(u);
  };
  add(mission.createdBy);
  add(mission.executiveSummaryUpdatedBy);
  for (const m of members) add(m.userId);
  for (const t of tests) {
    add(t.assigneeId);
    add(t.lastActorId);
  }
  for (const r of toolResults) add(r.updatedBy);
  for (const e of evidence) add(e.uploadedBy);
  const findings = await listMissionFindings(db, id, access.seesHidden);
  for (const f of findings) {
    add(f.owner_user_id);
    add(f.created_by);
  }
  const people =
    userIds.size === 0
      ? []
      : await db
          .select({ id: users.id, email: users.email, displayName: users.displayName })
          .from(users)
          .where(inArray(users.id, [...userIds]));
  return {
    mission,
    client,
    members,
    assets,
    scenarios,
    tests,
    tags,
    toolResults,
    levels,
    evidence,
    findings,
    users: new Map(people.map((p) => [p.id, { email: p.email, displayName: p.displayName }])),
  };
}
