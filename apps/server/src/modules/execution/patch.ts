import {
  BLUE_FIELDS,
  RED_FIELDS,
  type BlueField,
  type FieldIssue,
  type MissionTestUpdate,
  type RedField,
} from '@metamorph/contract';
import type { MissionTestRow } from '../../db/schema/index.js';

export type PatchField = RedField | BlueField;
const RED = new Set<string>(RED_FIELDS);
const BLUE = new Set<string>(BLUE_FIELDS);

/** Which sides the touched fields of a patch need (unknown keys need none; zod refuses them). */
export function sidesNeeded(body: unknown): { red: boolean; blue: boolean } {
  const keys = body && typeof body === 'object' ? Object.keys(body) : [];
  return { red: keys.some((k) => RED.has(k)), blue: keys.some((k) => BLUE.has(k)) };
}

/** Markdown and prose: trimmed, empty becomes null (the original's `_opt_md`). */
export const optMd = (v: string | null): string | null => (v === null ? null : v.trim() || null);
/** Commands and output keep their whitespace; only "" becomes null (`_opt_cmd`). */
export const optCmd = (v: string | null): string | null => (v === '' ? null : v);
const time = (v: string | null): Date | null => (v === null ? null : new Date(v));

type Columns = Partial<MissionTestRow>;

/** Maps each wire field to its column and normalised value. */
const COLUMN: { [K in PatchField]: (v: NonNullable<MissionTestUpdate[K]> | null) => Columns } = {
  red_command: (v) => ({ redCommand: optCmd(v) }),
  red_output: (v) => ({ redOutput: optCmd(v) }),
  red_comment_md: (v) => ({ redCommentMd: optMd(v) }),
  executed_at: (v) => ({ executedAt: time(v) }),
  executed_at_overridden: (v) => ({ executedAtOverridden: v ?? false }),
  attack_started_at: (v) => ({ attackStartedAt: time(v) }),
  attack_ended_at: (v) => ({ attackEndedAt: time(v) }),
  source_asset_id: (v) => ({ sourceAssetId: v }),
  target_asset_id: (v) => ({ targetAssetId: v }),
  account_used: (v) => ({ accountUsed: optMd(v) }),
  red_tool_id: (v) => ({ redToolId: v }),
  execution_result: (v) => ({ executionResult: v }),
  cleanup_done: (v) => ({ cleanupDone: v }),
  artefacts_md: (v) => ({ artefactsMd: optMd(v) }),
  blue_comment_md: (v) => ({ blueCommentMd: optMd(v) }),
  detection_level_id: (v) => ({ detectionLevelId: v }),
  hunt_query: (v) => ({ huntQuery: optCmd(v) }),
  log_sources: (v) => ({ logSources: optMd(v) }),
  gap_reason: (v) => ({ gapReason: v }),
  outcome_override_reason: (v) => ({ outcomeOverrideReason: optMd(v) }),
  // Rows of their own (tool-results.ts), not columns of the test.
  tool_results: () => ({}),
};

const comparable = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v);

export interface PlannedPatch {
  set: Columns;
  /** Wire names of the fields whose value changes, with before and after (audit). */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** The columns a patch writes and what actually changes. */
export function planPatch(row: MissionTestRow, body: MissionTestUpdate): PlannedPatch {
  const set: Columns = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of [...RED_FIELDS, ...BLUE_FIELDS]) {
    if (!(field in body)) continue;
    const value = body[field] as never;
    const cols = COLUMN[field](value);
    for (const [col, v] of Object.entries(cols) as Array<[keyof MissionTestRow, unknown]>) {
      if (comparable(row[col]) === comparable(v)) continue;
      Object.assign(set, { [col]: v });
      before[field] = comparable(row[col]);
      after[field] = comparable(v);
    }
  }
  return { set, before, after };
}

/**
 * Rules on the execution time and the attack window (422 when broken), checked on the row as
 * it would be after the patch.
 */
export function timeIssues(row: MissionTestRow, body: MissionTestUpdate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const touchesExecuted = 'executed_at' in body || 'executed_at_overridden' in body;
  if (touchesExecuted && row.state !== 'executed' && row.state !== 'reviewed_by_blue') {
    issues.push({
      path: 'body.executed_at',
      message: `can only be set when the test is executed or reviewed_by_blue (it is ${row.state})`,
    });
  } else if (touchesExecuted) {
    const overridden = body.executed_at_overridden ?? row.executedAtOverridden;
    const at = 'executed_at' in body ? (body.executed_at ?? null) : row.executedAt;
    if (overridden && at === null) {
      issues.push({
        path: 'body.executed_at_overridden',
        message: 'true needs a non-null executed_at',
      });
    }
  }
  const start =
    'attack_started_at' in body ? time(body.attack_started_at ?? null) : row.attackStartedAt;
  const end = 'attack_ended_at' in body ? time(body.attack_ended_at ?? null) : row.attackEndedAt;
  if (start && end && end < start) {
    issues.push({ path: 'body.attack_ended_at', message: 'is before attack_started_at' });
  }
  if (end && !start) {
    issues.push({ path: 'body.attack_ended_at', message: 'needs attack_started_at' });
  }
  return issues;
}
