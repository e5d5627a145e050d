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
  objective?: string | null;
  procedureMd?: string | null;
  expectedRedMd?: string | null;
  expectedBlueMd?: string | null;
  platforms?: string[];
  /** A member of the mission (the caller checked). */
  assigneeId?: string | null;
  /** YYYY-MM-DD. */
  plannedOn?: string | null;
}

/**
 * Ad hoc tests another module creates inside its own mission write (the automation import's
 * unmatched procedures, a spreadsheet plan): one new scenario at the end of the plan holds them, in
 * order. The caller holds the mission row's lock (`missionWrite`) and audits. Returns the ids
 * in the order of `specs`.
 */
export async function insertImportedTests(
  tx: Tx,
  access: MissionAccess,
  scenario: { name: string; description: string },
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
    name: scenario.name,
    description: scenario.description,
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
          snapshotObjective: s.objective ?? null,
          snapshotProcedureMd: s.procedureMd ?? null,
          snapshotExpectedRedMd: s.expectedRedMd ?? null,
          snapshotExpectedBlueMd: s.expectedBlueMd ?? null,
          snapshotOpsecLevel: 'medium',
          snapshotTags: ['imported'],
          snapshotExpectedIocs: [],
          snapshotPlatforms: s.platforms ?? [],
          assigneeId: s.assigneeId ?? null,
          plannedOn: s.plannedOn ?? null,
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
