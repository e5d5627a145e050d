import { Readable } from 'node:stream';
import type { ResultTestRow } from '../results.types.js';
import { tacticNames } from './columns.js';
import type { ExportData } from './export.repo.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The export as one JSON document (snake_case keys, times ISO 8601 UTC; docs/exports.md):
 * `{ format, mission: {id, name, client: {id, name}}, exported_at, defence_tools[], tests[] }`.
 * Values keep their structure (lists, objects); `tool_results` has one entry per defence tool
 * of the mission, in `defence_tools` order, unrecorded ones `tbd` with `recorded: false`.
 * Streamed test by test.
 */
export function jsonStream(data: ExportData): Readable {
  return Readable.from(chunks(data));
}

export const EXPORT_FORMAT_ID = 'metamorph.mission-export/1';

function* chunks(data: ExportData): Generator<string> {
  const head = {
    format: EXPORT_FORMAT_ID,
    mission: data.mission,
    exported_at: data.exportedAt.toISOString(),
    defence_tools: data.defenceTools.map((d) => ({ id: d.id, name: d.name, layer: d.layer })),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"tests":[`;
  let first = true;
  for (const test of data.tests) {
    yield (first ? '' : ',') + JSON.stringify(exportedTest(data, test));
    first = false;
  }
  yield ']}\n';
}

export function exportedTest(data: ExportData, t: ResultTestRow) {
  const asset = (id: string | null) => (id ? { id, name: data.assetNames.get(id) ?? null } : null);
  const user = t.assigneeId ? data.users.get(t.assigneeId) : undefined;
  return {
    id: t.id,
    scenario: { id: t.scenarioId, name: t.scenarioName },
    position: t.position,
    name: t.name,
    template_key: t.templateKey,
    template_version: t.templateVersion,
    attack: t.attack.map((a) => ({
      kind: a.kind,
      external_id: a.externalId,
      name: a.name,
      url: a.url,
      attack_release: a.attackRelease,
      tactics: a.tactics,
    })),
    tactics: tacticNames(t),
    platforms: t.platforms,
    library_tags: t.libraryTags,
    state: t.state,
    state_reason: t.stateReason,
    assignee: t.assigneeId
      ? {
          id: t.assigneeId,
          email: user?.email ?? null,
          display_name: user?.displayName ?? null,
        }
      : null,
    planned_on: t.plannedOn,
    hidden_from_blue: t.hiddenFromBlue,
    expected_outcomes: t.expectedOutcomes,
    executed_at: iso(t.executedAt),
    executed_at_overridden: t.executedAtOverridden,
    attack_started_at: iso(t.attackStartedAt),
    attack_ended_at: iso(t.attackEndedAt),
    red_command: t.redCommand,
    red_output: t.redOutput,
    red_comment_md: t.redCommentMd,
    source_asset: asset(t.sourceAssetId),
    target_asset: asset(t.targetAssetId),
    account_used: t.accountUsed,
    red_tool: asset(t.redToolId),
    execution_result: t.executionResult,
    cleanup_done: t.cleanupDone,
    artefacts_md: t.artefactsMd,
    blue_comment_md: t.blueCommentMd,
    detection_level: t.detectionLevel
      ? {
          id: t.detectionLevel.id,
          key: t.detectionLevel.key,
          label: t.detectionLevel.label,
          rank: t.detectionLevel.rank,
          counts_as: t.detectionLevel.countsAs,
        }
      : null,
    outcome_override_reason: t.outcomeOverrideReason,
    gap_reason: t.gapReason,
    hunt_query: t.huntQuery,
    log_sources: t.logSources,
    tool_results: data.defenceTools.map((d) => {
      const r = t.toolResults.find((x) => x.defenceToolId === d.id);
      return {
        defence_tool_id: d.id,
        tool_name: d.name,
        layer: d.layer,
        recorded: r !== undefined,
        prevented: r?.prevented ?? 'tbd',
        alerted: r?.alerted ?? 'tbd',
        logged: r?.logged ?? 'tbd',
        detected_at: iso(r?.detectedAt ?? null),
        rule_name: r?.ruleName ?? null,
        rule_id: r?.ruleId ?? null,
        severity: r?.severity ?? null,
        case_id: r?.caseId ?? null,
        note: r?.note ?? null,
      };
    }),
    evidence_count: t.evidence.length,
    evidence: t.evidence.map((e) => ({
      id: e.id,
      side: e.side,
      original_filename: e.originalFilename,
      caption: e.caption,
      mime: e.mime,
      size_bytes: e.sizeBytes,
      sha256: e.sha256,
      uploaded_at: e.uploadedAt.toISOString(),
    })),
    updated_at: t.updatedAt.toISOString(),
  };
}
