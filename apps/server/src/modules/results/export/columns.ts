import type { ResultTestRow, ResultToolRow } from '../results.types.js';
import type { ExportData } from './export.repo.js';

/**
 * The tabular export's columns (CSV and XLSX share them; docs/exports.md lists them). A cell
 * is text, a number or empty (null). Booleans are `true` / `false`, times ISO 8601 UTC, lists
 * joined with `; `. Cell text is raw here: the writers neutralise formulas (cells.ts).
 */
export type Cell = string | number | null;

export interface Column {
  header: string;
  value(test: ResultTestRow): Cell;
}

const LIST = '; ';
const iso = (d: Date | null): Cell => (d ? d.toISOString() : null);
const bool = (b: boolean | null): Cell => (b === null ? null : b ? 'true' : 'false');
const list = (items: readonly string[]): Cell => (items.length ? items.join(LIST) : null);
const unique = (items: string[]) => [...new Set(items)];

/** Technique and sub-technique tags of the snapshot (tactic tags count as tactics). */
const techniques = (t: ResultTestRow) => t.attack.filter((a) => a.kind !== 'tactic');

/** Tactic names: the tactics of every technique tag, then tactic tags, each once, in tag order. */
export function tacticNames(t: ResultTestRow): string[] {
  return unique(
    t.attack.flatMap((a) =>
      a.kind === 'tactic' ? [a.name ?? a.externalId] : a.tactics.map((x) => x.name),
    ),
  );
}

/** `edr:alert; siem:log`: each expected outcome as layer:expectation. */
export const expectedOutcomesText = (t: ResultTestRow): Cell =>
  list(t.expectedOutcomes.map((o) => `${o.layer}:${o.expectation}`));

/** The per-test columns, then one group per defence tool of the mission (asset order). */
export function exportColumns(data: ExportData): Column[] {
  const asset = (id: string | null): Cell => (id ? (data.assetNames.get(id) ?? id) : null);
  const user = (t: ResultTestRow) => (t.assigneeId ? data.users.get(t.assigneeId) : undefined);
  const fixed: Column[] = [
    { header: 'test_id', value: (t) => t.id },
    { header: 'scenario', value: (t) => t.scenarioName },
    { header: 'position', value: (t) => t.position },
    { header: 'test', value: (t) => t.name },
    { header: 'template_key', value: (t) => t.templateKey },
    { header: 'template_version', value: (t) => t.templateVersion },
    { header: 'technique_ids', value: (t) => list(techniques(t).map((a) => a.externalId)) },
    {
      header: 'technique_names',
      value: (t) => list(techniques(t).map((a) => a.name ?? a.externalId)),
    },
    { header: 'tactics', value: (t) => list(tacticNames(t)) },
    { header: 'platforms', value: (t) => list(t.platforms) },
    { header: 'library_tags', value: (t) => list(t.libraryTags) },
    { header: 'state', value: (t) => t.state },
    { header: 'state_reason', value: (t) => t.stateReason },
    { header: 'assignee_email', value: (t) => user(t)?.email ?? null },
    { header: 'assignee_name', value: (t) => user(t)?.displayName ?? null },
    { header: 'planned_on', value: (t) => t.plannedOn },
    { header: 'hidden_from_blue', value: (t) => bool(t.hiddenFromBlue) },
    { header: 'expected_outcomes', value: expectedOutcomesText },
    { header: 'executed_at', value: (t) => iso(t.executedAt) },
    { header: 'executed_at_overridden', value: (t) => bool(t.executedAtOverridden) },
    { header: 'attack_started_at', value: (t) => iso(t.attackStartedAt) },
    { header: 'attack_ended_at', value: (t) => iso(t.attackEndedAt) },
    { header: 'red_command', value: (t) => t.redCommand },
    { header: 'red_output', value: (t) => t.redOutput },
    { header: 'red_comment', value: (t) => t.redCommentMd },
    { header: 'source_asset', value: (t) => asset(t.sourceAssetId) },
    { header: 'target_asset', value: (t) => asset(t.targetAssetId) },
    { header: 'account_used', value: (t) => t.accountUsed },
    { header: 'red_tool', value: (t) => asset(t.redToolId) },
    { header: 'execution_result', value: (t) => t.executionResult },
    { header: 'cleanup_done', value: (t) => bool(t.cleanupDone) },
    { header: 'artefacts', value: (t) => t.artefactsMd },
    { header: 'blue_comment', value: (t) => t.blueCommentMd },
    { header: 'detection_level_key', value: (t) => t.detectionLevel?.key ?? null },
    { header: 'detection_level_label', value: (t) => t.detectionLevel?.label ?? null },
    { header: 'outcome_override_reason', value: (t) => t.outcomeOverrideReason },
    { header: 'gap_reason', value: (t) => t.gapReason },
    { header: 'hunt_query', value: (t) => t.huntQuery },
    { header: 'log_sources', value: (t) => t.logSources },
    { header: 'evidence_count', value: (t) => t.evidence.length },
    { header: 'updated_at', value: (t) => iso(t.updatedAt) },
  ];
  return [...fixed, ...toolColumns(data)];
}

/** Per defence tool; a tool without a recorded result reads `tbd` / empty. */
const TOOL_FIELDS: Array<[string, (r: ResultToolRow | undefined) => Cell]> = [
  ['prevented', (r) => r?.prevented ?? 'tbd'],
  ['alerted', (r) => r?.alerted ?? 'tbd'],
  ['logged', (r) => r?.logged ?? 'tbd'],
  ['detected_at', (r) => iso(r?.detectedAt ?? null)],
  ['rule', (r) => r?.ruleName ?? null],
  ['rule_id', (r) => r?.ruleId ?? null],
  ['severity', (r) => r?.severity ?? null],
  ['case', (r) => r?.caseId ?? null],
  ['note', (r) => r?.note ?? null],
];
export const TOOL_FIELD_NAMES = TOOL_FIELDS.map(([name]) => name);

function toolColumns(data: ExportData): Column[] {
  return toolLabels(data.defenceTools.map((d) => d.name)).flatMap((label, i) => {
    const toolId = data.defenceTools[i]!.id;
    return TOOL_FIELDS.map(([field, read]) => ({
      header: `${label} ${field}`,
      value: (t: ResultTestRow) => read(t.toolResults.find((r) => r.defenceToolId === toolId)),
    }));
  });
}

/** Tool names as column prefixes; a name used twice gets ` (2)`, ` (3)`… so headers stay unique. */
export function toolLabels(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const key = name.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
