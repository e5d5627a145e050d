import type { MissionTestDetail } from '@metamorph/contract';
import type { ChangeRow } from './execution-model';
import { sameRow, toolRows, type ToolDraft, type ToolRow } from './tool-draft';

/** Conflict-dialog rows for the defence-tool results, one row per tool. */

const FACT_SHORT = { yes: 'yes', no: 'no', tbd: 'TBD' } as const;

/** "prevented no · alerted yes · logged yes · rule Foo (R-1)". */
export function describeRow(row: ToolRow): string {
  const parts = [
    `prevented ${FACT_SHORT[row.prevented]}`,
    `alerted ${FACT_SHORT[row.alerted]}`,
    `logged ${FACT_SHORT[row.logged]}`,
  ];
  if (row.rule_name || row.rule_id)
    parts.push(
      `rule ${[row.rule_name, row.rule_id && `(${row.rule_id})`].filter(Boolean).join(' ')}`,
    );
  if (row.severity) parts.push(`severity ${row.severity}`);
  if (row.case_id) parts.push(`case ${row.case_id}`);
  if (row.detected_at) parts.push(`detected ${row.detected_at}`);
  if (row.note) parts.push(`note ${row.note}`);
  return parts.join(' · ');
}

const toolName = (detail: MissionTestDetail, id: string) =>
  detail.tool_results.find((t) => t.defence_tool_id === id)?.tool_name ?? 'Defence tool';

/** The tool rows `current` changed since `loaded`; a row the user edits too clashes. */
export function toolServerChanges(
  loaded: MissionTestDetail,
  current: MissionTestDetail,
  tools: ToolDraft,
): ChangeRow[] {
  const before = toolRows(loaded);
  const now = toolRows(current);
  const rows: ChangeRow[] = [];
  for (const [id, row] of Object.entries(now)) {
    if (sameRow(before[id], row)) continue;
    const edited = Object.prototype.hasOwnProperty.call(tools.edits, id);
    const mine = edited ? { ...(before[id] ?? row), ...tools.edits[id] } : null;
    rows.push({
      field: `tool:${id}`,
      label: `Tool results — ${toolName(current, id)}`,
      theirs: describeRow(row),
      mine: mine ? describeRow(mine) : null,
      clash: mine !== null && !sameRow(mine, row),
    });
  }
  return rows;
}

/** Rows for the tool rows a live refresh flagged (the server changed a row being edited). */
export function toolFlaggedChanges(detail: MissionTestDetail, tools: ToolDraft): ChangeRow[] {
  return Object.entries(tools.conflicts).map(([id, theirs]) => ({
    field: `tool:${id}`,
    label: `Tool results — ${toolName(detail, id)}`,
    theirs: describeRow(theirs),
    mine: describeRow({ ...(tools.base[id] ?? theirs), ...tools.edits[id] }),
    clash: true,
  }));
}
