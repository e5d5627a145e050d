import type {
  AttackTagKind,
  CountsAs,
  DefenceLayer,
  EvidenceSide,
  Fact,
  TestState,
} from '@metamorph/contract';
import { and, asc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import {
  detectionLevels,
  evidenceFiles,
  missionAssets,
  missionScenarios,
  missionTestAttack,
  missionTestToolResults,
  missionTests,
  missions,
} from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import type { ClientResultsOptions, MissionResultsOptions, ResultsData } from './results.types.js';

/**
 * The results read model: a mission's tests (or every mission's of a client) with their ATT&CK
 * tag snapshots, state, detection level, times, per-tool results and live evidence metadata.
 * Five set-based queries per call whatever the number of tests (one when there is none).
 * Pass a transaction as `db` for one consistent snapshot across them.
 */

/** A mission's results (none when the mission is soft-deleted). */
export function loadMissionResults(
  db: DbOrTx,
  missionId: string,
  opts: MissionResultsOptions,
): Promise<ResultsData> {
  return loadResults(db, eq(missions.id, missionId), opts.includeHidden);
}

/** The results of every live mission of a client (null: of the listed missions of any client). */
export function loadClientResults(
  db: DbOrTx,
  clientId: string | null,
  opts: ClientResultsOptions,
): Promise<ResultsData> {
  const scope = and(
    clientId ? eq(missions.clientId, clientId) : undefined,
    opts.missionIds ? inArray(missions.id, [...opts.missionIds]) : undefined,
  );
  return loadResults(db, scope, opts.includeHidden);
}

function hiddenCondition(includeHidden: boolean | readonly string[]): SQL | undefined {
  if (includeHidden === true) return undefined;
  const visible = eq(missionTests.hiddenFromBlue, false);
  if (includeHidden === false || includeHidden.length === 0) return visible;
  return or(visible, inArray(missionTests.missionId, [...includeHidden]));
}

async function loadResults(
  db: DbOrTx,
  scope: SQL | undefined,
  includeHidden: boolean | readonly string[],
): Promise<ResultsData> {
  const missionScope = and(scope, isNull(missions.deletedAt));
  const testScope = and(
    missionScope,
    isNull(missionTests.deletedAt),
    hiddenCondition(includeHidden),
  );
  // Live tests of live scenarios of live missions in scope, as a subquery for the child reads.
  const visibleIds = db
    .select({ id: missionTests.id })
    .from(missionTests)
    .innerJoin(
      missionScenarios,
      and(eq(missionScenarios.id, missionTests.scenarioId), isNull(missionScenarios.deletedAt)),
    )
    .innerJoin(missions, eq(missions.id, missionTests.missionId))
    .where(testScope);

  // In turn, not in parallel: `db` may be a transaction (one connection).
  const testRows = await db
    .select({
      t: {
        id: missionTests.id,
        missionId: missionTests.missionId,
        scenarioId: missionTests.scenarioId,
        name: missionTests.snapshotName,
        templateKey: missionTests.templateKey,
        templateVersion: missionTests.templateVersion,
        state: missionTests.state,
        stateReason: missionTests.stateReason,
        hiddenFromBlue: missionTests.hiddenFromBlue,
        includeInReport: missionTests.includeInReport,
        executedAt: missionTests.executedAt,
        attackStartedAt: missionTests.attackStartedAt,
        attackEndedAt: missionTests.attackEndedAt,
        executionResult: missionTests.executionResult,
        gapReason: missionTests.gapReason,
        position: missionTests.position,
        assigneeId: missionTests.assigneeId,
        plannedOn: missionTests.plannedOn,
        version: missionTests.version,
        changeSeq: missionTests.changeSeq,
        platforms: missionTests.snapshotPlatforms,
        libraryTags: missionTests.snapshotTags,
        expectedOutcomes: missionTests.expectedOutcomes,
        outcomeOverrideReason: missionTests.outcomeOverrideReason,
        executedAtOverridden: missionTests.executedAtOverridden,
        redCommand: missionTests.redCommand,
        redOutput: missionTests.redOutput,
        redCommentMd: missionTests.redCommentMd,
        sourceAssetId: missionTests.sourceAssetId,
        targetAssetId: missionTests.targetAssetId,
        accountUsed: missionTests.accountUsed,
        redToolId: missionTests.redToolId,
        cleanupDone: missionTests.cleanupDone,
        artefactsMd: missionTests.artefactsMd,
        blueCommentMd: missionTests.blueCommentMd,
        huntQuery: missionTests.huntQuery,
        logSources: missionTests.logSources,
        updatedAt: missionTests.updatedAt,
      },
      scenarioName: missionScenarios.name,
      level: {
        id: detectionLevels.id,
        key: detectionLevels.key,
        label: detectionLevels.label,
        colour: detectionLevels.colour,
        rank: detectionLevels.rank,
        countsAs: detectionLevels.countsAs,
        coverageScore: detectionLevels.coverageScore,
      },
    })
    .from(missionTests)
    .innerJoin(
      missionScenarios,
      and(eq(missionScenarios.id, missionTests.scenarioId), isNull(missionScenarios.deletedAt)),
    )
    .innerJoin(missions, eq(missions.id, missionTests.missionId))
    .leftJoin(detectionLevels, eq(detectionLevels.id, missionTests.detectionLevelId))
    .where(testScope)
    .orderBy(
      asc(missions.createdAt),
      asc(missions.id),
      asc(missionScenarios.position),
      asc(missionTests.position),
      asc(missionTests.id),
    );
  if (testRows.length === 0) return { tests: [], defenceTools: [] };

  const tags = await db
    .select()
    .from(missionTestAttack)
    .where(inArray(missionTestAttack.testId, visibleIds))
    .orderBy(asc(missionTestAttack.testId), asc(missionTestAttack.position));
  const tools = await db
    .select({ r: missionTestToolResults, toolName: missionAssets.name, layer: missionAssets.layer })
    .from(missionTestToolResults)
    .innerJoin(
      missionAssets,
      and(
        eq(missionAssets.id, missionTestToolResults.defenceToolId),
        eq(missionAssets.kind, 'defence_tool'),
      ),
    )
    .where(inArray(missionTestToolResults.testId, visibleIds))
    .orderBy(
      asc(missionTestToolResults.testId),
      asc(missionAssets.position),
      asc(missionAssets.name),
      asc(missionAssets.id),
    );
  const files = await db
    .select({
      testId: evidenceFiles.testId,
      id: evidenceFiles.id,
      side: evidenceFiles.side,
      sha256: evidenceFiles.sha256,
      ext: evidenceFiles.ext,
      mime: evidenceFiles.mime,
      sizeBytes: evidenceFiles.sizeBytes,
      caption: evidenceFiles.caption,
      originalFilename: evidenceFiles.originalFilename,
      uploadedAt: evidenceFiles.uploadedAt,
    })
    .from(evidenceFiles)
    .where(and(inArray(evidenceFiles.testId, visibleIds), isNull(evidenceFiles.deletedAt)))
    .orderBy(asc(evidenceFiles.testId), asc(evidenceFiles.uploadedAt), asc(evidenceFiles.id));
  const defenceTools = await db
    .select({
      id: missionAssets.id,
      missionId: missionAssets.missionId,
      name: missionAssets.name,
      layer: missionAssets.layer,
    })
    .from(missionAssets)
    .innerJoin(missions, eq(missions.id, missionAssets.missionId))
    .where(and(missionScope, eq(missionAssets.kind, 'defence_tool')))
    .orderBy(
      asc(missions.createdAt),
      asc(missions.id),
      asc(missionAssets.position),
      asc(missionAssets.name),
      asc(missionAssets.id),
    );

  const byTest = <T>(rows: Array<{ testId: string; row: T }>) => {
    const m = new Map<string, T[]>();
    for (const { testId, row } of rows) {
      const list = m.get(testId);
      if (list) list.push(row);
      else m.set(testId, [row]);
    }
    return m;
  };
  const tagsBy = byTest(
    tags.map((a) => ({
      testId: a.testId,
      row: {
        kind: a.kind as AttackTagKind,
        externalId: a.externalId,
        name: a.name,
        url: a.url,
        attackRelease: a.attackRelease,
        tactics: a.tactics,
      },
    })),
  );
  const toolsBy = byTest(
    tools.map(({ r, toolName, layer }) => ({
      testId: r.testId,
      row: {
        defenceToolId: r.defenceToolId,
        toolName,
        layer: layer as DefenceLayer | null,
        prevented: r.prevented as Fact,
        alerted: r.alerted as Fact,
        logged: r.logged as Fact,
        ruleName: r.ruleName,
        ruleId: r.ruleId,
        severity: r.severity,
        caseId: r.caseId,
        detectedAt: r.detectedAt,
        note: r.note,
        updatedAt: r.updatedAt,
      },
    })),
  );
  const filesBy = byTest(
    files.map(({ testId, ...f }) => ({ testId, row: { ...f, side: f.side as EvidenceSide } })),
  );
  return {
    tests: testRows.map(({ t, scenarioName, level }) => ({
      ...t,
      state: t.state as TestState,
      scenarioName,
      detectionLevel: level ? { ...level, countsAs: level.countsAs as CountsAs } : null,
      attack: tagsBy.get(t.id) ?? [],
      toolResults: toolsBy.get(t.id) ?? [],
      evidence: filesBy.get(t.id) ?? [],
    })),
    defenceTools: defenceTools.map((d) => ({ ...d, layer: d.layer as DefenceLayer | null })),
  };
}
