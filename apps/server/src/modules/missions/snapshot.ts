import { attackTagKind } from '@metamorph/contract';
import type { LibraryTestRow } from '../../db/schema/index.js';
import { missionTestAttack, missionTests } from '../../db/schema/index.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import type { SnapshotTagResolver } from './snapshot-tags.js';

type TestInsert = typeof missionTests.$inferInsert;

/** A mission test copying every field of its template, with its provenance. */
export function snapshotTest(
  t: LibraryTestRow,
  at: { missionId: string; scenarioId: string; position: number; hidden: boolean; now: Date },
): TestInsert {
  return {
    id: newId(),
    missionId: at.missionId,
    scenarioId: at.scenarioId,
    position: at.position,
    templateId: t.id,
    templateKey: t.key,
    templateVersion: t.version,
    snapshotName: t.name,
    snapshotDescription: t.description,
    snapshotObjective: t.objective,
    snapshotProcedureMd: t.procedureMd,
    snapshotPrerequisitesMd: t.prerequisitesMd,
    snapshotExpectedRedMd: t.expectedRedMd,
    snapshotExpectedBlueMd: t.expectedBlueMd,
    snapshotOpsecLevel: t.opsecLevel,
    snapshotTags: t.tags,
    snapshotExpectedIocs: t.expectedIocs,
    snapshotPlatforms: t.platforms,
    snapshotExecutor: t.executor,
    snapshotInputArguments: t.inputArguments,
    snapshotDependencies: t.dependencies,
    snapshotDependencyExecutor: t.dependencyExecutor,
    snapshotDetectionRefs: t.detectionRefs,
    expectedOutcomes: t.expectedOutcomes,
    state: 'pending',
    hiddenFromBlue: at.hidden,
    version: 1,
    createdAt: at.now,
    updatedAt: at.now,
  };
}

/** The tag snapshot rows: names and urls as the current release has them. */
export function tagSnapshot(
  testId: string,
  ids: readonly string[],
  tag: SnapshotTagResolver,
  release: string | null,
) {
  return ids.map((externalId, position) => {
    const t = tag(externalId);
    return {
      testId,
      position,
      kind: attackTagKind(externalId),
      externalId,
      name: t.name,
      url: t.url,
      attackRelease: t.status === 'unknown' ? null : release,
      tactics: t.tactics,
    };
  });
}

export async function insertMissionTests(
  tx: DbOrTx,
  rows: Array<{ test: TestInsert; tags: ReturnType<typeof tagSnapshot> }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await tx.insert(missionTests).values(chunk.map((r) => r.test));
    const tags = chunk.flatMap((r) => r.tags);
    if (tags.length > 0) await tx.insert(missionTestAttack).values(tags);
  }
}
