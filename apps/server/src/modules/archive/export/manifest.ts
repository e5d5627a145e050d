import {
  ARCHIVE_BLUE_MANIFEST_KEYS,
  ARCHIVE_BLUE_TEST_KEYS,
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  archiveEvidencePath,
  type ArchiveEvidence,
  type ArchiveManifest,
  type ArchiveTest,
  type ArchiveToolResult,
  type ArchiveUser,
  type AssetKind,
  type DefenceLayer,
  type ExecutionResult,
  type GapReason,
  type MissionRole,
  type MissionStatus,
  type MissionVisibility,
  type TestState,
} from '@metamorph/contract';
import { VERSION } from '../../../version.js';
import type { ArchiveRows } from './load.js';
import { findingsOf } from './manifest-findings.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

type Row<K extends keyof ArchiveRows> = ArchiveRows[K] extends ReadonlyArray<infer R> ? R : never;

/**
 * The manifest of an archive: every field of the mission, its scenarios, tests (planning, red,
 * blue), tags, per-tool results, assets, members and evidence; users by email, levels by key.
 * With `blue: false` the blue keys (ARCHIVE_BLUE_TEST_KEYS, ARCHIVE_BLUE_MANIFEST_KEYS) and the
 * blue evidence are left out; findings lose ARCHIVE_BLUE_FINDING_KEYS.
 */
export function buildManifest(
  rows: ArchiveRows,
  opts: { blue: boolean; exportedAt: Date },
): ArchiveManifest {
  const email = (id: string | null): string | null =>
    id ? (rows.users.get(id)?.email ?? null) : null;
  const m = rows.mission;
  const toolResultsOf = groupBy(rows.toolResults, (r) => r.testId);
  const tagsOf = groupBy(rows.tags, (t) => t.testId);
  const levels = new Map(rows.levels.map((l) => [l.id, l]));
  const tests = rows.tests.map((t) => {
    const full = testOf(t, tagsOf.get(t.id) ?? [], email);
    const level = t.detectionLevelId ? levels.get(t.detectionLevelId) : undefined;
    full.detection_level = level ? { key: level.key, label: level.label } : null;
    full.tool_results = (toolResultsOf.get(t.id) ?? []).map((r) => toolResultOf(r, email));
    if (!opts.blue) for (const k of ARCHIVE_BLUE_TEST_KEYS) delete full[k];
    return full;
  });
  const evidence = rows.evidence
    .filter((e) => opts.blue || e.side !== 'blue')
    .map((e) => evidenceOf(e, email));
  const byEmail = new Map([...rows.users.values()].map((u) => [u.email, u.displayName]));
  const users: ArchiveUser[] = [];
  const note = (address: string | null) => {
    if (!address || users.some((u) => u.email === address)) return;
    users.push({ email: address, display_name: byEmail.get(address) ?? address });
  };
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    format_version: ARCHIVE_FORMAT_VERSION,
    generator: { name: 'metamorph', version: VERSION },
    exported_at: opts.exportedAt.toISOString(),
    blue_included: opts.blue,
    client: { name: rows.client.name, notes: rows.client.notes },
    mission: {
      id: m.id,
      name: m.name,
      description_md: m.descriptionMd,
      status: m.status as MissionStatus,
      start_date: m.startDate,
      end_date: m.endDate,
      environment_md: m.environmentMd,
      tags: m.tags,
      visibility: m.visibility as MissionVisibility,
      version: m.version,
      created_by: email(m.createdBy),
      created_at: m.createdAt.toISOString(),
      updated_at: m.updatedAt.toISOString(),
      executive_summary_md: m.executiveSummaryMd,
      executive_summary_version: m.executiveSummaryVersion,
      executive_summary_updated_at: iso(m.executiveSummaryUpdatedAt),
      executive_summary_updated_by: email(m.executiveSummaryUpdatedBy),
      retest_of_mission_id: m.retestOfMissionId,
    },
    users,
    members: rows.members.flatMap((x) => {
      const address = email(x.userId);
      return address
        ? [{ email: address, role: x.role as MissionRole, added_at: x.addedAt.toISOString() }]
        : [];
    }),
    assets: rows.assets.map((a) => ({
      id: a.id,
      kind: a.kind as AssetKind,
      name: a.name,
      details: a.details,
      layer: a.layer as DefenceLayer | null,
      position: a.position,
      created_at: a.createdAt.toISOString(),
      updated_at: a.updatedAt.toISOString(),
    })),
    scenarios: rows.scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      position: s.position,
      template_key: s.templateKey,
      template_version: s.templateVersion,
      created_at: s.createdAt.toISOString(),
      updated_at: s.updatedAt.toISOString(),
    })),
    tests,
    detection_levels: rows.levels.map((l) => ({
      key: l.key,
      label: l.label,
      colour: l.colour,
      rank: l.rank,
      counts_as: l.countsAs as 'none' | 'logged' | 'alerted' | 'prevented',
      coverage_score: l.coverageScore,
      description: l.description,
    })),
    evidence,
    findings: findingsOf(rows.findings, {
      blue: opts.blue,
      testIds: new Set(tests.map((t) => t.id)),
      email,
    }),
  };
  if (!opts.blue) for (const k of ARCHIVE_BLUE_MANIFEST_KEYS) delete manifest[k];
  // The users list names exactly who the (possibly stripped) manifest refers to.
  note(manifest.mission.created_by);
  note(manifest.mission.executive_summary_updated_by);
  for (const x of manifest.members) note(x.email);
  for (const t of tests) {
    note(t.assignee);
    note(t.last_actor);
    for (const r of t.tool_results ?? []) note(r.updated_by);
  }
  for (const e of evidence) note(e.uploaded_by);
  for (const f of manifest.findings ?? []) {
    note(f.owner);
    note(f.created_by);
  }
  return manifest;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function testOf(
  t: Row<'tests'>,
  tags: Row<'tags'>[],
  email: (id: string | null) => string | null,
): ArchiveTest {
  return {
    id: t.id,
    scenario_id: t.scenarioId,
    position: t.position,
    template_key: t.templateKey,
    template_version: t.templateVersion,
    snapshot_name: t.snapshotName,
    snapshot_description: t.snapshotDescription,
    snapshot_objective: t.snapshotObjective,
    snapshot_procedure_md: t.snapshotProcedureMd,
    snapshot_prerequisites_md: t.snapshotPrerequisitesMd,
    snapshot_expected_red_md: t.snapshotExpectedRedMd,
    snapshot_expected_blue_md: t.snapshotExpectedBlueMd,
    snapshot_opsec_level: t.snapshotOpsecLevel,
    snapshot_tags: t.snapshotTags,
    snapshot_expected_iocs: t.snapshotExpectedIocs,
    snapshot_platforms: t.snapshotPlatforms,
    snapshot_executor: t.snapshotExecutor,
    snapshot_input_arguments: t.snapshotInputArguments,
    snapshot_dependencies: t.snapshotDependencies,
    snapshot_dependency_executor: t.snapshotDependencyExecutor,
    snapshot_detection_refs: t.snapshotDetectionRefs,
    expected_outcomes: t.expectedOutcomes,
    mitre_tags: tags.map((g) => ({
      kind: g.kind as 'tactic' | 'technique' | 'subtechnique',
      external_id: g.externalId,
      name: g.name,
      url: g.url,
      attack_release: g.attackRelease,
      tactics: g.tactics,
    })),
    state: t.state as TestState,
    state_reason: t.stateReason,
    assignee: email(t.assigneeId),
    planned_on: t.plannedOn,
    hidden_from_blue: t.hiddenFromBlue,
    include_in_report: t.includeInReport,
    retest_of_test_id: t.retestOfTestId,
    executed_at: iso(t.executedAt),
    executed_at_overridden: t.executedAtOverridden,
    red_command: t.redCommand,
    red_output: t.redOutput,
    red_comment_md: t.redCommentMd,
    attack_started_at: iso(t.attackStartedAt),
    attack_ended_at: iso(t.attackEndedAt),
    source_asset_id: t.sourceAssetId,
    target_asset_id: t.targetAssetId,
    account_used: t.accountUsed,
    red_tool_id: t.redToolId,
    execution_result: t.executionResult as ExecutionResult | null,
    cleanup_done: t.cleanupDone,
    artefacts_md: t.artefactsMd,
    blue_comment_md: t.blueCommentMd,
    hunt_query: t.huntQuery,
    log_sources: t.logSources,
    gap_reason: t.gapReason as GapReason | null,
    outcome_override_reason: t.outcomeOverrideReason,
    last_actor: email(t.lastActorId),
    version: t.version,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

function toolResultOf(
  r: Row<'toolResults'>,
  email: (id: string | null) => string | null,
): ArchiveToolResult {
  const fact = (v: string) => v as 'yes' | 'no' | 'tbd';
  return {
    defence_tool_id: r.defenceToolId,
    prevented: fact(r.prevented),
    alerted: fact(r.alerted),
    logged: fact(r.logged),
    rule_name: r.ruleName,
    rule_id: r.ruleId,
    severity: r.severity,
    case_id: r.caseId,
    detected_at: iso(r.detectedAt),
    note: r.note,
    updated_at: r.updatedAt.toISOString(),
    updated_by: email(r.updatedBy),
  };
}

function evidenceOf(
  e: Row<'evidence'>,
  email: (id: string | null) => string | null,
): ArchiveEvidence {
  return {
    id: e.id,
    test_id: e.testId,
    side: e.side as 'red' | 'blue',
    caption: e.caption,
    filename: e.originalFilename,
    ext: e.ext,
    mime: e.mime,
    size_bytes: e.sizeBytes,
    sha256: e.sha256,
    path: archiveEvidencePath(e.sha256),
    uploaded_by: email(e.uploadedBy),
    uploaded_at: e.uploadedAt.toISOString(),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}
