import {
  compareExpectation,
  overallExpectation,
  suggestOutcome,
  timeToAlert,
  timeToDetect,
  type DefenceLayer,
  type DetectionLevel,
  type TestOutcome,
  type ToolFacts,
  type ToolResult,
} from '@metamorph/contract';
import { and, asc, eq } from 'drizzle-orm';
import {
  missionAssets,
  missionTestToolResults,
  type MissionTestRow,
} from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';
import { listDetectionLevels } from './detection-levels.js';

type Fact = ToolResult['prevented'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The mission's defence tools, in asset order. */
export function defenceTools(db: DbOrTx, missionId: string) {
  return db
    .select({ id: missionAssets.id, name: missionAssets.name, layer: missionAssets.layer })
    .from(missionAssets)
    .where(and(eq(missionAssets.missionId, missionId), eq(missionAssets.kind, 'defence_tool')))
    .orderBy(asc(missionAssets.position), asc(missionAssets.name));
}

/** One entry per defence tool of the mission: its recorded result, or all TBD. */
export async function toolResults(db: DbOrTx, test: MissionTestRow): Promise<ToolResult[]> {
  const tools = await defenceTools(db, test.missionId);
  if (tools.length === 0) return [];
  const rows = await db
    .select()
    .from(missionTestToolResults)
    .where(eq(missionTestToolResults.testId, test.id));
  const byTool = new Map(rows.map((r) => [r.defenceToolId, r]));
  return tools.map((tool) => {
    const r = byTool.get(tool.id);
    return {
      defence_tool_id: tool.id,
      tool_name: tool.name,
      layer: tool.layer as DefenceLayer | null,
      prevented: (r?.prevented ?? 'tbd') as Fact,
      alerted: (r?.alerted ?? 'tbd') as Fact,
      logged: (r?.logged ?? 'tbd') as Fact,
      rule_name: r?.ruleName ?? null,
      rule_id: r?.ruleId ?? null,
      severity: r?.severity ?? null,
      case_id: r?.caseId ?? null,
      detected_at: iso(r?.detectedAt ?? null),
      note: r?.note ?? null,
      recorded: r !== undefined,
      updated_at: iso(r?.updatedAt ?? null),
    };
  });
}

/** The outcome fields of a test's detail, derived from its tools, levels and expectations. */
export function deriveOutcome(
  test: MissionTestRow,
  results: ToolResult[],
  levels: DetectionLevel[],
): TestOutcome {
  const suggestion = suggestOutcome(results, levels);
  const expected = test.expectedOutcomes.map((e) => {
    const layerTools: ToolFacts[] = results.filter((r) => r.layer === e.layer);
    return {
      layer: e.layer,
      expectation: e.expectation,
      ...compareExpectation(e.expectation, layerTools),
    };
  });
  // Time to detect / alert: the contract's functions, the same as the dashboard's.
  const timed = {
    attack_started_at: iso(test.attackStartedAt),
    executed_at: iso(test.executedAt),
    tools: results,
  };
  return {
    tool_results: results,
    suggested_outcome: {
      status: suggestion.status,
      detection_level_id: suggestion.level?.id ?? null,
      detection_level_key: suggestion.level?.key ?? null,
      overridden:
        suggestion.status === 'suggested' &&
        test.detectionLevelId !== null &&
        test.detectionLevelId !== (suggestion.level?.id ?? null),
    },
    outcome_override_reason: test.outcomeOverrideReason,
    expected_vs_actual: expected,
    expectation_status: overallExpectation(expected.map((e) => e.status)),
    time_to_detect_s: timeToDetect(timed),
    time_to_alert_s: timeToAlert(timed),
  };
}

export async function loadOutcome(db: DbOrTx, test: MissionTestRow): Promise<TestOutcome> {
  const results = await toolResults(db, test);
  // Without defence tools there is nothing to suggest from: skip reading the levels.
  const levels = results.length > 0 ? await listDetectionLevels(db) : [];
  return deriveOutcome(test, results, levels);
}
