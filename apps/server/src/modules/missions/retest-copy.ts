import { eq, inArray } from 'drizzle-orm';
import {
  libraryTests,
  missionAssets,
  missionMembers,
  missionScenarios,
  missionTestAttack,
  missionTests,
  missions,
  type LibraryTestRow,
  type MissionRow,
  type MissionTestRow,
} from '../../db/schema/index.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { currentRelease } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from '../library/index.js';
import { resolveSnapshotTags } from './snapshot-tags.js';
import { insertMissionTests, snapshotTest, tagSnapshot } from './snapshot.js';

type TestInsert = typeof missionTests.$inferInsert;

export interface RetestCopy {
  missionId: string;
  tests: Array<{ id: string; retestOfTestId: string; source: 'library' | 'snapshot' }>;
}

/**
 * Creates a retest mission of `source` (same client, fields, visibility, assets and members;
 * the caller leads it) with one pending test per given test: re-snapshotted from its library
 * template where that still exists (by id, else by key), else a copy of the old snapshot and
 * its tag rows. Each new test keeps `retest_of_test_id`. The caller holds the source mission
 * row and writes the audit and change records.
 */
export async function createRetestMission(
  tx: DbOrTx,
  opts: {
    source: MissionRow;
    name: string;
    leadUserId: string | null;
    tests: readonly MissionTestRow[];
    now: Date;
  },
): Promise<RetestCopy> {
  const { source: src, now } = opts;
  const id = newId();
  await tx.insert(missions).values({
    id,
    clientId: src.clientId,
    name: opts.name,
    descriptionMd: src.descriptionMd,
    status: 'planned',
    environmentMd: src.environmentMd,
    tags: src.tags,
    visibility: src.visibility,
    retestOfMissionId: src.id,
    version: 1,
    createdBy: opts.leadUserId,
    createdAt: now,
    updatedAt: now,
  });
  const members = await tx
    .select()
    .from(missionMembers)
    .where(eq(missionMembers.missionId, src.id));
  const team = members
    .filter((m) => m.userId !== opts.leadUserId)
    .map((m) => ({ missionId: id, userId: m.userId, role: m.role, addedAt: now }));
  if (opts.leadUserId)
    team.push({ missionId: id, userId: opts.leadUserId, role: 'lead', addedAt: now });
  if (team.length > 0) await tx.insert(missionMembers).values(team);
  // Assets keep their ids' meaning by name and layer: blue records results against the copies.
  const assets = await tx.select().from(missionAssets).where(eq(missionAssets.missionId, src.id));
  const assetIds = new Map(assets.map((a) => [a.id, newId()]));
  if (assets.length > 0) {
    await tx.insert(missionAssets).values(
      assets.map((a) => ({
        ...a,
        id: assetIds.get(a.id)!,
        missionId: id,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  const scenarioId = newId();
  await tx.insert(missionScenarios).values({
    id: scenarioId,
    missionId: id,
    name: `Retest of ${src.name}`.slice(0, 300),
    description: null,
    position: 0,
    createdAt: now,
    updatedAt: now,
  });
  const templates = await findTemplates(tx, opts.tests);
  const tag = await resolveSnapshotTags(
    tx,
    [...templates.values()].flatMap((t) => t.attackIds),
  );
  const release = await currentRelease(tx, LIBRARY_ATTACK_DOMAIN);
  const hidden = src.visibility === 'blind';
  const fresh: Array<{ test: TestInsert; tags: ReturnType<typeof tagSnapshot> }> = [];
  const copied: TestInsert[] = [];
  const out: RetestCopy['tests'] = [];
  opts.tests.forEach((old, position) => {
    const at = { missionId: id, scenarioId, position, hidden, now };
    const t = templates.get(old.id);
    if (t) {
      const test = { ...snapshotTest(t, at), retestOfTestId: old.id };
      fresh.push({ test, tags: tagSnapshot(test.id, t.attackIds, tag, release?.version ?? null) });
      out.push({ id: test.id, retestOfTestId: old.id, source: 'library' });
    } else {
      const test = copySnapshot(old, at);
      copied.push(test);
      out.push({ id: test.id!, retestOfTestId: old.id, source: 'snapshot' });
    }
  });
  await insertMissionTests(tx, fresh);
  if (copied.length > 0) {
    await tx.insert(missionTests).values(copied);
    const newIds = new Map(copied.map((c) => [c.retestOfTestId!, c.id!]));
    const tags = await tx
      .select()
      .from(missionTestAttack)
      .where(inArray(missionTestAttack.testId, [...newIds.keys()]));
    if (tags.length > 0) {
      await tx
        .insert(missionTestAttack)
        .values(tags.map((g) => ({ ...g, testId: newIds.get(g.testId)! })));
    }
  }
  return { missionId: id, tests: out };
}

/** Each old test's template as the library has it now (by id, else by stable key). */
async function findTemplates(
  tx: DbOrTx,
  tests: readonly MissionTestRow[],
): Promise<Map<string, LibraryTestRow>> {
  const ids = [...new Set(tests.flatMap((t) => (t.templateId ? [t.templateId] : [])))];
  const keys = [...new Set(tests.flatMap((t) => (t.templateKey ? [t.templateKey] : [])))];
  const byId = new Map<string, LibraryTestRow>();
  const byKey = new Map<string, LibraryTestRow>();
  if (ids.length > 0) {
    for (const r of await tx.select().from(libraryTests).where(inArray(libraryTests.id, ids))) {
      byId.set(r.id, r);
    }
  }
  if (keys.length > 0) {
    for (const r of await tx.select().from(libraryTests).where(inArray(libraryTests.key, keys))) {
      byKey.set(r.key, r);
    }
  }
  const out = new Map<string, LibraryTestRow>();
  for (const t of tests) {
    const found =
      (t.templateId ? byId.get(t.templateId) : undefined) ??
      (t.templateKey ? byKey.get(t.templateKey) : undefined);
    if (found) out.set(t.id, found);
  }
  return out;
}

/** The old snapshot, fresh (pending, unassigned, no red or blue facts). */
function copySnapshot(
  old: MissionTestRow,
  at: { missionId: string; scenarioId: string; position: number; hidden: boolean; now: Date },
): TestInsert {
  return {
    id: newId(),
    missionId: at.missionId,
    scenarioId: at.scenarioId,
    position: at.position,
    templateId: old.templateId,
    templateKey: old.templateKey,
    templateVersion: old.templateVersion,
    snapshotName: old.snapshotName,
    snapshotDescription: old.snapshotDescription,
    snapshotObjective: old.snapshotObjective,
    snapshotProcedureMd: old.snapshotProcedureMd,
    snapshotPrerequisitesMd: old.snapshotPrerequisitesMd,
    snapshotExpectedRedMd: old.snapshotExpectedRedMd,
    snapshotExpectedBlueMd: old.snapshotExpectedBlueMd,
    snapshotOpsecLevel: old.snapshotOpsecLevel,
    snapshotTags: old.snapshotTags,
    snapshotExpectedIocs: old.snapshotExpectedIocs,
    snapshotPlatforms: old.snapshotPlatforms,
    snapshotExecutor: old.snapshotExecutor,
    snapshotInputArguments: old.snapshotInputArguments,
    snapshotDependencies: old.snapshotDependencies,
    snapshotDependencyExecutor: old.snapshotDependencyExecutor,
    snapshotDetectionRefs: old.snapshotDetectionRefs,
    expectedOutcomes: old.expectedOutcomes,
    state: 'pending',
    hiddenFromBlue: at.hidden,
    retestOfTestId: old.id,
    version: 1,
    createdAt: at.now,
    updatedAt: at.now,
  };
}
