import {
  suggestOutcome,
  type FieldIssue,
  type MissionTestUpdate,
  type ToolResultInput,
} from '@metamorph/contract';
import { and, eq, inArray } from 'drizzle-orm';
import { missionTestToolResults, type MissionTestRow } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { listDetectionLevels } from './detection-levels.js';
import { defenceTools, toolResults } from './outcome.js';

type Row = typeof missionTestToolResults.$inferSelect;
const FIELDS = [
  'prevented',
  'alerted',
  'logged',
  'rule_name',
  'rule_id',
  'severity',
  'case_id',
  'detected_at',
  'note',
] as const;

function wire(
  r: Pick<
    Row,
    | 'prevented'
    | 'alerted'
    | 'logged'
    | 'ruleName'
    | 'ruleId'
    | 'severity'
    | 'caseId'
    | 'detectedAt'
    | 'note'
  >,
) {
  return {
    prevented: r.prevented,
    alerted: r.alerted,
    logged: r.logged,
    rule_name: r.ruleName,
    rule_id: r.ruleId,
    severity: r.severity,
    case_id: r.caseId,
    detected_at: r.detectedAt?.toISOString() ?? null,
    note: r.note,
  };
}

const normalise = (i: ToolResultInput) => ({
  prevented: i.prevented,
  alerted: i.alerted,
  logged: i.logged,
  ruleName: i.rule_name || null,
  ruleId: i.rule_id || null,
  severity: i.severity || null,
  caseId: i.case_id || null,
  detectedAt: i.detected_at ? new Date(i.detected_at) : null,
  note: i.note?.trim() || null,
});

/** 422 issues: a tool listed twice, or one that is not a defence tool of this mission. */
export async function toolResultIssues(
  db: DbOrTx,
  missionId: string,
  inputs: readonly ToolResultInput[],
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const tools = new Set((await defenceTools(db, missionId)).map((t) => t.id));
  inputs.forEach((r, i) => {
    if (seen.has(r.defence_tool_id)) {
      issues.push({ path: `body.tool_results.${i}.defence_tool_id`, message: 'is listed twice' });
    }
    seen.add(r.defence_tool_id);
    if (!tools.has(r.defence_tool_id)) {
      issues.push({
        path: `body.tool_results.${i}.defence_tool_id`,
        message: 'is not a defence tool of this mission',
      });
    }
  });
  return issues;
}

/**
 * Upserts the listed tools' results; returns what changed per tool (audit before/after), empty
 * when nothing did.
 */
export async function writeToolResults(
  tx: DbOrTx,
  test: MissionTestRow,
  inputs: readonly ToolResultInput[],
  actorId: string | null,
  now: Date,
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (inputs.length === 0) return { before, after };
  const existing = await tx
    .select()
    .from(missionTestToolResults)
    .where(
      and(
        eq(missionTestToolResults.testId, test.id),
        inArray(
          missionTestToolResults.defenceToolId,
          inputs.map((i) => i.defence_tool_id),
        ),
      ),
    );
  const byTool = new Map(existing.map((r) => [r.defenceToolId, r]));
  for (const input of inputs) {
    const next = normalise(input);
    const old = byTool.get(input.defence_tool_id);
    const a = wire(next);
    const b = old ? wire(old) : null;
    if (b && FIELDS.every((f) => a[f] === b[f])) continue;
    before[input.defence_tool_id] = b;
    after[input.defence_tool_id] = a;
    await tx
      .insert(missionTestToolResults)
      .values({
        testId: test.id,
        defenceToolId: input.defence_tool_id,
        missionId: test.missionId,
        ...next,
        updatedAt: now,
        updatedBy: actorId,
      })
      .onConflictDoUpdate({
        target: [missionTestToolResults.testId, missionTestToolResults.defenceToolId],
        set: { ...next, updatedAt: now, updatedBy: actorId },
      });
  }
  return { before, after };
}

/**
 * A detection level that differs from the suggested outcome needs a reason (422 otherwise).
 * Checked on the test as it will be, when the patch sets the level.
 */
export async function overrideIssues(
  db: DbOrTx,
  test: MissionTestRow,
  body: MissionTestUpdate,
): Promise<FieldIssue[]> {
  if (!body.detection_level_id) return [];
  const results = await toolResults(db, test);
  const merged = results.map((r) => {
    const input = body.tool_results?.find((i) => i.defence_tool_id === r.defence_tool_id);
    return input ? { ...r, ...input } : r;
  });
  const suggestion = suggestOutcome(merged, await listDetectionLevels(db));
  if (suggestion.status !== 'suggested' || !suggestion.level) return [];
  if (suggestion.level.id === body.detection_level_id) return [];
  const reason =
    'outcome_override_reason' in body ? body.outcome_override_reason : test.outcomeOverrideReason;
  if (reason?.trim()) return [];
  return [
    {
      path: 'body.outcome_override_reason',
      message: `is needed: the tools' results suggest "${suggestion.level.key}"`,
    },
  ];
}
