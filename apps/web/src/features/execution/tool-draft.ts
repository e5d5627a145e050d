import type { MissionTestDetail, ToolResult, ToolResultInput } from '@metamorph/contract';

/**
 * The per-defence-tool results of the blue zone's draft: one row per tool, edited field by
 * field, sent as whole rows (the PUT upserts a row by tool), and compared row by row when the
 * server changed a tool under the user's edits. Pure.
 */

export type Fact = 'yes' | 'no' | 'tbd';
export const FACTS = ['prevented', 'alerted', 'logged'] as const;
export type FactField = (typeof FACTS)[number];
export const TOOL_TEXT_FIELDS = [
  'rule_name',
  'rule_id',
  'severity',
  'case_id',
  'detected_at',
  'note',
] as const;
export type ToolTextField = (typeof TOOL_TEXT_FIELDS)[number];
export type ToolRowField = FactField | ToolTextField;

export type ToolRow = Record<FactField, Fact> & Record<ToolTextField, string | null>;
export type ToolRows = Record<string, ToolRow>;

export interface ToolDraft {
  /** The server's rows by defence tool id. */
  base: ToolRows;
  /** The user's values of the fields they touched, by tool. */
  edits: Record<string, Partial<ToolRow>>;
  /** Tools whose row the server changed under the user's edits: the server's row. */
  conflicts: ToolRows;
}

const ROW_FIELDS: readonly ToolRowField[] = [...FACTS, ...TOOL_TEXT_FIELDS];

const norm = (v: string | null | undefined): string | null =>
  v === undefined || v === '' ? null : v;

export function rowOf(r: Pick<ToolResult, ToolRowField>): ToolRow {
  return {
    prevented: r.prevented,
    alerted: r.alerted,
    logged: r.logged,
    rule_name: norm(r.rule_name),
    rule_id: norm(r.rule_id),
    severity: norm(r.severity),
    case_id: norm(r.case_id),
    detected_at: norm(r.detected_at),
    note: norm(r.note),
  };
}

export function toolRows(detail: Pick<MissionTestDetail, 'tool_results'>): ToolRows {
  const out: ToolRows = {};
  for (const r of detail.tool_results) out[r.defence_tool_id] = rowOf(r);
  return out;
}

export function sameRow(a: ToolRow | undefined, b: ToolRow | undefined): boolean {
  if (!a || !b) return a === b;
  return ROW_FIELDS.every((f) => norm(a[f]) === norm(b[f]));
}

export const emptyToolDraft = (): ToolDraft => ({ base: {}, edits: {}, conflicts: {} });

export function toolDraftOf(detail: Pick<MissionTestDetail, 'tool_results'>): ToolDraft {
  return { base: toolRows(detail), edits: {}, conflicts: {} };
}

const TBD_ROW: ToolRow = {
  prevented: 'tbd',
  alerted: 'tbd',
  logged: 'tbd',
  rule_name: null,
  rule_id: null,
  severity: null,
  case_id: null,
  detected_at: null,
  note: null,
};

/** A tool's row as it shows: the server's with the user's edits on top. */
export function toolValue(d: ToolDraft, toolId: string): ToolRow {
  return { ...(d.base[toolId] ?? TBD_ROW), ...d.edits[toolId] };
}

/** Drops the edits of a row that equal `row`; returns the remaining edits (undefined if none). */
function remaining(
  edits: Partial<ToolRow> | undefined,
  row: ToolRow,
): Partial<ToolRow> | undefined {
  if (!edits) return undefined;
  const out: Partial<ToolRow> = {};
  for (const f of Object.keys(edits) as ToolRowField[])
    if (norm(edits[f]) !== norm(row[f])) Object.assign(out, { [f]: norm(edits[f]) });
  return Object.keys(out).length ? out : undefined;
}

function setRow<T>(o: Record<string, T>, id: string, v: T | undefined): Record<string, T> {
  const next = { ...o };
  if (v === undefined) delete next[id];
  else next[id] = v;
  return next;
}

/** Records an edit of one field of one tool; typing the server's value back drops it. */
export function editTool<K extends ToolRowField>(
  d: ToolDraft,
  toolId: string,
  field: K,
  value: ToolRow[K],
): ToolDraft {
  const base = d.base[toolId] ?? TBD_ROW;
  const mine = remaining({ ...d.edits[toolId], [field]: norm(value) }, base);
  return {
    ...d,
    edits: setRow(d.edits, toolId, mine),
    conflicts: mine ? d.conflicts : setRow<ToolRow>(d.conflicts, toolId, undefined),
  };
}

/** The rows to send: whole rows (server values + edits) of the tools the user changed. */
export function pendingTools(d: ToolDraft): ToolResultInput[] {
  const out: ToolResultInput[] = [];
  for (const id of Object.keys(d.edits)) {
    if (!remaining(d.edits[id], d.base[id] ?? TBD_ROW)) continue;
    out.push({ defence_tool_id: id, ...toolValue(d, id) });
  }
  return out;
}

/** The tools whose row the server changed between `loaded` and `current` that the user edits. */
export function clashingTools(
  loaded: Pick<MissionTestDetail, 'tool_results'>,
  current: Pick<MissionTestDetail, 'tool_results'>,
  edits: ToolDraft['edits'],
): string[] {
  const before = toolRows(loaded);
  const now = toolRows(current);
  return Object.keys(edits).filter((id) => !sameRow(before[id], now[id]));
}

/** A newer server version: untouched rows follow; an edited row the server changed is flagged. */
export function mergeTools(
  d: ToolDraft,
  detail: Pick<MissionTestDetail, 'tool_results'>,
): ToolDraft {
  const server = toolRows(detail);
  let edits = { ...d.edits };
  let conflicts = { ...d.conflicts };
  for (const id of Object.keys(edits)) {
    const left = remaining(edits[id], server[id] ?? TBD_ROW);
    edits = setRow(edits, id, left);
    if (!left) conflicts = setRow(conflicts, id, undefined);
    else if (!sameRow(server[id], d.base[id]) && server[id]) conflicts[id] = server[id];
  }
  return { base: server, edits, conflicts };
}

/** After a save: sent rows are done (unless typed on meanwhile); the answer is the base. */
export function afterSaveTools(
  d: ToolDraft,
  sent: readonly ToolResultInput[],
  detail: Pick<MissionTestDetail, 'tool_results'>,
): ToolDraft {
  let edits = { ...d.edits };
  let conflicts = { ...d.conflicts };
  for (const row of sent) {
    conflicts = setRow(conflicts, row.defence_tool_id, undefined);
    edits = setRow(edits, row.defence_tool_id, remaining(edits[row.defence_tool_id], rowOf(row)));
  }
  const server = toolRows(detail);
  for (const id of Object.keys(edits))
    edits = setRow(edits, id, remaining(edits[id], server[id] ?? TBD_ROW));
  return { base: server, edits, conflicts };
}
