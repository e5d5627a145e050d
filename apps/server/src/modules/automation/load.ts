import type { ImportedRedField, TestState } from '@metamorph/contract';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { missionAssets, missionTestAttack, missionTests } from '../../db/schema/index.js';
import type { Tx } from '../../platform/tx.js';
import type { ExecutionFacts } from './facts.js';
import type { CandidateTest } from './match.js';
import type { RedValues } from './plan.js';

/** A test as the import reads it under the mission's lock: matcher view and red values. */
export interface LoadedTest extends CandidateTest {
  red: RedValues;
}

/** Columns behind the imported red fields. */
export const RED_COLUMNS = {
  executed_at: 'executedAt',
  red_command: 'redCommand',
  red_output: 'redOutput',
  attack_started_at: 'attackStartedAt',
  attack_ended_at: 'attackEndedAt',
  account_used: 'accountUsed',
  target_asset_id: 'targetAssetId',
  red_tool_id: 'redToolId',
  execution_result: 'executionResult',
} as const satisfies Record<ImportedRedField, keyof typeof missionTests.$inferSelect>;

export async function loadTests(tx: Tx, missionId: string): Promise<LoadedTest[]> {
  const rows = await tx
    .select()
    .from(missionTests)
    .where(and(eq(missionTests.missionId, missionId), isNull(missionTests.deletedAt)))
    .orderBy(missionTests.scenarioId, missionTests.position);
  const tags = await tx
    .select({ testId: missionTestAttack.testId, externalId: missionTestAttack.externalId })
    .from(missionTestAttack)
    .innerJoin(missionTests, eq(missionTests.id, missionTestAttack.testId))
    .where(
      and(
        eq(missionTests.missionId, missionId),
        inArray(missionTestAttack.kind, ['technique', 'subtechnique']),
      ),
    );
  const byTest = new Map<string, string[]>();
  for (const t of tags) byTest.set(t.testId, [...(byTest.get(t.testId) ?? []), t.externalId]);
  return rows.map((r) => ({
    id: r.id,
    name: r.snapshotName,
    templateKey: r.templateKey,
    techniques: byTest.get(r.id) ?? [],
    state: r.state as TestState,
    red: Object.fromEntries(
      Object.entries(RED_COLUMNS).map(([field, col]) => [field, r[col] ?? null]),
    ) as RedValues,
  }));
}

export interface MissionAssetRef {
  id: string;
  kind: string;
  name: string;
  details: string | null;
}

export async function loadAssets(tx: Tx, missionId: string): Promise<MissionAssetRef[]> {
  return tx
    .select({
      id: missionAssets.id,
      kind: missionAssets.kind,
      name: missionAssets.name,
      details: missionAssets.details,
    })
    .from(missionAssets)
    .where(eq(missionAssets.missionId, missionId));
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const short = (s: string) => s.toLowerCase().split('.')[0]!;
const tokens = (s: string | null) => new Set((s ?? '').toLowerCase().split(/[\s,;/|()]+/));

/**
 * The log's red facts that point at mission assets: the target host (a target asset by name,
 * short name or IP in its name or details) and the execution source (a red tool asset by
 * name, ignoring case and punctuation). What matches no asset is noted, never invented.
 */
export function resolveAssets(
  facts: ExecutionFacts,
  assets: readonly MissionAssetRef[],
): { targetId: string | null; toolId: string | null; notes: string[] } {
  const notes: string[] = [];
  const targets = assets.filter((a) => a.kind === 'target');
  let targetId: string | null = null;
  if (facts.host || facts.ip) {
    const host = facts.host?.toLowerCase() ?? null;
    const ip = facts.ip?.toLowerCase() ?? null;
    const found =
      targets.find((a) => host !== null && a.name.toLowerCase() === host) ??
      targets.find((a) => host !== null && short(a.name) === short(host)) ??
      targets.find(
        (a) => ip !== null && (a.name.toLowerCase() === ip || tokens(a.details).has(ip)),
      );
    targetId = found?.id ?? null;
    if (!found) {
      const what = [facts.host, facts.ip].filter(Boolean).join(' / ');
      notes.push(
        `Target ${what} is not a target asset of this mission: add it to record the target`,
      );
    }
  }
  let toolId: string | null = null;
  if (facts.source) {
    const found = assets.find(
      (a) => a.kind === 'red_tool' && squash(a.name) === squash(facts.source!),
    );
    toolId = found?.id ?? null;
    if (!found) {
      notes.push(
        `Execution source ${facts.source} is not a red tool of this mission: add it to record the tool`,
      );
    }
  }
  return { targetId, toolId, notes };
}
