import { and, eq, isNull, max } from 'drizzle-orm';
import { missionScenarios } from '../../db/schema/index.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { newId } from '../../platform/ids.js';
import type { Tx } from '../../platform/tx.js';
import { currentRelease } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from '../library/index.js';
import { resolveSnapshotTags } from './snapshot-tags.js';
import { insertMissionTests, tagSnapshot } from './snapshot.js';

export interface ImportedTestSpec {
  name: string;
  attackIds: string[];
  description: string | null;
}

/**
 * Ad hoc tests another module creates inside its own mission write (the automation import's
 * unmatched procedures): one new scenario `scenarioName` at the end of the plan holds them, in
 * order. The caller holds the mission row's lock (`missionWrite`) and audits. Returns the ids
 * in the order of `specs`.
 */
export async function insertImportedTests(
  tx: Tx,
  access: MissionAccess,
  scenarioName: string,
  specs: readonly ImportedTestSpec[],
  now: Date,
): Promise<{ scenarioId: string; testIds: string[] }> {
  const missionId = access.mission.id;
  const [last] = await tx
    .select({ p: max(missionScenarios.position) })
    .from(missionScenarios)
    .where(and(eq(missionScenarios.missionId, missionId), isNull(missionScenarios.deletedAt)));
  const scenarioId = newId();
  await tx.insert(missionScenarios).values({
    id: scenarioId,
    missionId,
    name: scenarioName,
    description: 'Tests created by an automation import for procedures no planned test matched.',
    position: (last?.p ?? -1) + 1,
    createdAt: now,
    updatedAt: now,
  });
  const tag = await resolveSnapshotTags(
    tx,
    specs.flatMap((s) => s.attackIds),
  );
  const release = (await currentRelease(tx, LIBRARY_ATTACK_DOMAIN))?.version ?? null;
  const testIds = specs.map(() => newId());
  await insertMissionTests(
    tx,
    specs.map((s, position) => {
      const id = testIds[position]!;
      return {
        test: {
          id,
          missionId,
          scenarioId,
          position,
          snapshotName: s.name,
          snapshotDescription: s.description,
          snapshotOpsecLevel: 'medium',
          snapshotTags: ['imported'],
          snapshotExpectedIocs: [],
          snapshotPlatforms: [],
          snapshotInputArguments: [],
          snapshotDependencies: [],
          snapshotDetectionRefs: [],
          expectedOutcomes: [],
          hiddenFromBlue: access.mission.visibility === 'blind',
          version: 1,
          createdAt: now,
          updatedAt: now,
        },
        tags: tagSnapshot(id, [...new Set(s.attackIds)], tag, release),
      };
    }),
  );
  return { scenarioId, testIds };
}
