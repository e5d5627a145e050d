import type { BlueField, MissionTestDetail, RedField, ToolResultInput } from '@metamorph/contract';
import {
  afterSaveTools,
  mergeTools,
  pendingTools,
  toolDraftOf,
  type ToolDraft,
} from './tool-draft';

/**
 * The edit model of a zone (red or blue): what the server said (`base`), what the user typed
 * (`edits`), and the fields the server changed under the user's edits (`conflicts`). Pure, so
 * the rules "never overwrite silently" and "keep unsaved edits through a live refresh" are
 * tested without a browser.
 */

/** The scalar fields of the zones; `tool_results` is an array, kept in `Draft.tools`. */
export type ZoneField = Exclude<RedField | BlueField, 'tool_results'>;
export type FieldValue = string | boolean | null;
export type Values<F extends ZoneField> = Record<F, FieldValue>;

export interface Draft<F extends ZoneField> {
  /** The server's values the edits were last reconciled with. */
  base: Values<F>;
  /** The user's values of the fields they touched. */
  edits: Partial<Values<F>>;
  /** Touched fields the server changed meanwhile: the server's value, kept to show it. */
  conflicts: Partial<Values<F>>;
  /** The version `base` comes from (sent as If-Match). */
  version: number;
  /** The per-defence-tool rows (edited by the blue zone only). */
  tools: ToolDraft;
}

export const RED_ZONE_FIELDS = [
  'red_command',
  'red_output',
  'red_comment_md',
  'attack_started_at',
  'attack_ended_at',
  'source_asset_id',
  'target_asset_id',
  'account_used',
  'red_tool_id',
  'execution_result',
  'cleanup_done',
  'artefacts_md',
  'executed_at',
  'executed_at_overridden',
] as const satisfies readonly RedField[];
export type RedZoneField = (typeof RED_ZONE_FIELDS)[number];

export const BLUE_ZONE_FIELDS = [
  'detection_level_id',
  'outcome_override_reason',
  'blue_comment_md',
  'hunt_query',
  'log_sources',
  'gap_reason',
] as const satisfies readonly BlueField[];
export type BlueZoneField = (typeof BLUE_ZONE_FIELDS)[number];

export const FIELD_LABELS: Record<ZoneField, string> = {
  red_command: 'Command',
  red_output: 'Output',
  red_comment_md: 'Red comment',
  executed_at: 'Executed at',
  executed_at_overridden: 'Executed-at override',
  attack_started_at: 'Attack started',
  attack_ended_at: 'Attack ended',
  source_asset_id: 'Source',
  target_asset_id: 'Target',
  account_used: 'Account used',
  red_tool_id: 'Red tool',
  execution_result: 'Execution result',
  cleanup_done: 'Cleanup done',
  artefacts_md: 'Artefacts left',
  blue_comment_md: 'Blue comment',
  detection_level_id: 'Detection level',
  outcome_override_reason: 'Override reason',
  hunt_query: 'Hunt query',
  log_sources: 'Log sources',
  gap_reason: 'Gap reason',
};

/** Empty text and null are the same value (a cleared field is sent as null). */
export function normalise(v: FieldValue | undefined): FieldValue {
  return v === undefined || v === '' ? null : v;
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return normalise(a) === normalise(b);
}

export function pickValues<F extends ZoneField>(
  detail: MissionTestDetail,
  fields: readonly F[],
): Values<F> {
  const out = {} as Values<F>;
  for (const f of fields) out[f] = normalise(detail[f]);
  return out;
}

export function draftOf<F extends ZoneField>(
  detail: MissionTestDetail,
  fields: readonly F[],
): Draft<F> {
  return {
    base: pickValues(detail, fields),
    edits: {},
    conflicts: {},
    version: detail.version,
    tools: toolDraftOf(detail),
  };
}

function has<F extends string>(o: Partial<Record<F, unknown>>, f: F): boolean {
  return Object.prototype.hasOwnProperty.call(o, f);
}

/** The value a field shows: the user's edit if any, else the server's. */
export function valueOf<F extends ZoneField>(d: Draft<F>, f: NoInfer<F>): FieldValue {
  return has(d.edits, f) ? normalise(d.edits[f]) : d.base[f];
}

/** Records an edit; typing the server's value back drops the edit (and its conflict). */
export function edit<F extends ZoneField>(d: Draft<F>, f: NoInfer<F>, value: FieldValue): Draft<F> {
  const edits = { ...d.edits };
  const conflicts = { ...d.conflicts };
  if (sameValue(value, d.base[f])) {
    delete edits[f];
    delete conflicts[f];
  } else edits[f] = normalise(value);
  return { ...d, edits, conflicts };
}

/** The fields to send: the edits that differ from the server. */
export function pendingPatch<F extends ZoneField>(d: Draft<F>): Partial<Values<F>> {
  const out: Partial<Values<F>> = {};
  for (const f of Object.keys(d.edits) as F[])
    if (!sameValue(d.edits[f], d.base[f])) out[f] = normalise(d.edits[f]);
  return out;
}

export function isDirty<F extends ZoneField>(d: Draft<F>): boolean {
  return Object.keys(pendingPatch(d)).length > 0 || pendingTools(d.tools).length > 0;
}

/** Whether anything the user edits was changed on the server meanwhile. */
export function hasConflicts<F extends ZoneField>(d: Draft<F>): boolean {
  return Object.keys(d.conflicts).length > 0 || Object.keys(d.tools.conflicts).length > 0;
}

/**
 * A newer server version arrived (live refresh, refetch, another zone's save): untouched
 * fields take the server's value; a touched field the server also changed keeps the user's
 * value and is flagged; an edit the server now agrees with is dropped.
 */
export function mergeServer<F extends ZoneField>(
  d: Draft<F>,
  detail: MissionTestDetail,
  fields: readonly NoInfer<F>[],
): Draft<F> {
  if (detail.version < d.version) return d;
  const server = pickValues(detail, fields);
  const edits = { ...d.edits };
  const conflicts = { ...d.conflicts };
  for (const f of Object.keys(edits) as F[]) {
    if (sameValue(edits[f], server[f])) {
      delete edits[f];
      delete conflicts[f];
    } else if (!sameValue(server[f], d.base[f])) {
      conflicts[f] = server[f];
    }
  }
  return {
    base: server,
    edits,
    conflicts,
    version: detail.version,
    tools: mergeTools(d.tools, detail),
  };
}

/** After a successful save: the answer becomes the base; edits that were sent are done. */
export function afterSave<F extends ZoneField>(
  d: Draft<F>,
  sent: Partial<Values<NoInfer<F>>>,
  detail: MissionTestDetail,
  fields: readonly NoInfer<F>[],
  sentTools: readonly ToolResultInput[] = [],
): Draft<F> {
  const edits = { ...d.edits };
  const conflicts = { ...d.conflicts };
  for (const f of Object.keys(sent) as F[]) {
    delete conflicts[f];
    // Typed on during the save: the newer text stays an edit.
    if (has(edits, f) && sameValue(edits[f], sent[f])) delete edits[f];
  }
  const server = pickValues(detail, fields);
  for (const f of Object.keys(edits) as F[]) if (sameValue(edits[f], server[f])) delete edits[f];
  return {
    base: server,
    edits,
    conflicts,
    version: detail.version,
    tools: afterSaveTools(d.tools, sentTools, detail),
  };
}

/** "Discard mine": back to the server's values. */
export function discard<F extends ZoneField>(
  detail: MissionTestDetail,
  fields: readonly F[],
): Draft<F> {
  return draftOf(detail, fields);
}
