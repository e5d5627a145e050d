import {
  ProcedureOutcome,
  type ExecutionImportReport,
  type ExecutionImportRow,
  type ImportedRedField,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionTests } from '../../db/schema/index.js';
import { missionWrite, type MissionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { forbidden } from '../../platform/errors.js';
import { insertImportedTests } from '../missions/index.js';
import type { ExecutionFacts } from './facts.js';
import type { ParsedFile } from './formats/detect.js';
import { RED_COLUMNS, loadAssets, loadTests, resolveAssets, type LoadedTest } from './load.js';
import { matchProcedure } from './match.js';
import { planFill, type FillPlan, type RedValues } from './plan.js';

export interface ImportOptions {
  createUnmatched: boolean;
  overwrite: boolean;
  dryRun: boolean;
  /** Only these procedures (`file#index`); the others are left out of the report too. */
  only?: ReadonlySet<string> | null;
}

export const IMPORTED_SCENARIO = 'Imported from automation';

type Pending = { row: ExecutionImportRow; test: LoadedTest; plan: FillPlan; facts: ExecutionFacts };

const cut = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

/**
 * One import, one transaction (the mission write recipe): match every procedure, plan what it
 * fills, create ad hoc tests for the unmatched ones when asked, then write — or, for a dry run,
 * only answer the report. Procedures are applied in file order against the values as this
 * import leaves them, so two procedures for one test meet as a conflict, never silently.
 */
export async function applyExecutionImport(
  ctx: AppContext,
  audit: AuditContext,
  missionId: string,
  parsed: readonly ParsedFile[],
  opts: ImportOptions,
): Promise<ExecutionImportReport> {
  return missionWrite(ctx, audit, missionId, { level: 'write' }, async (w) => {
    if (!w.access.sides.red) {
      throw forbidden(
        'Importing execution results needs a red role in this mission and mission.write_red_fields',
      );
    }
    const tests = await loadTests(w.tx, missionId);
    const assets = await loadAssets(w.tx, missionId);
    const assetName = new Map(assets.map((a) => [a.id, a.name]));
    const display = (field: ImportedRedField, v: string | Date | null) =>
      v === null
        ? null
        : v instanceof Date
          ? v.toISOString()
          : field.endsWith('_id')
            ? (assetName.get(v) ?? v)
            : cut(v);
    const claimed = new Set<string>();
    const rows: ExecutionImportRow[] = [];
    const pending: Pending[] = [];
    const unmatched: { row: ExecutionImportRow; facts: ExecutionFacts }[] = [];
    const planOpts = { overwrite: opts.overwrite, now: w.now, display };
    const chosen = parsed
      .flatMap((p) => p.facts)
      .filter((f) => !opts.only || opts.only.has(`${f.file}#${f.index}`));
    for (const facts of chosen) {
      const row: ExecutionImportRow = {
        file: facts.file,
        index: facts.index,
        technique_id: facts.techniqueId,
        name: facts.name,
        guid: facts.guid,
        outcome: 'error',
        test_id: null,
        test_name: null,
        matched_by: null,
        filled: [],
        overwritten: [],
        conflicts: [],
        executed: false,
        notes: [...facts.notes],
      };
      rows.push(row);
      if (facts.fatal) {
        row.notes.unshift(facts.fatal);
        continue;
      }
      const match = matchProcedure(facts, tests, claimed);
      if (!match.test) {
        row.outcome = 'unmatched';
        row.notes.unshift(match.reason);
        unmatched.push({ row, facts });
        continue;
      }
      claimed.add(match.test.id);
      Object.assign(row, {
        test_id: match.test.id,
        test_name: match.test.name,
        matched_by: match.by,
      });
      if (match.note) row.notes.push(match.note);
      const plan = fill(match.test, facts);
      pending.push({ row, test: match.test, plan, facts });
    }

    function fill(test: LoadedTest, facts: ExecutionFacts): FillPlan {
      const found = resolveAssets(facts, assets);
      const incoming: Partial<RedValues> = {
        executed_at: facts.executedAt,
        red_command: facts.command,
        red_output: facts.output,
        attack_started_at: facts.startedAt,
        attack_ended_at: facts.endedAt,
        account_used: facts.account,
        target_asset_id: found.targetId,
        red_tool_id: found.toolId,
        execution_result: facts.result,
      };
      const plan = planFill(test.state, test.red, incoming, planOpts);
      plan.notes.unshift(...found.notes);
      // Later procedures of this import see what this one fills.
      Object.assign(test.red, plan.set);
      if (plan.executed) test.state = 'executed';
      return plan;
    }

    if (opts.createUnmatched && unmatched.length > 0) {
      const specs = unmatched.map(({ facts }) => ({
        name: facts.name ?? `${facts.techniqueId} (imported)`,
        attackIds: [facts.techniqueId!],
        description: `Created by an import of ${facts.file} (procedure ${facts.index}).`,
      }));
      const created = opts.dryRun
        ? { testIds: specs.map(() => null) }
        : await insertImportedTests(
            w.tx,
            w.access,
            {
              name: IMPORTED_SCENARIO,
              description:
                'Tests created by an automation import for procedures no planned test matched.',
            },
            specs,
            w.now,
          );
      if (!opts.dryRun) await w.change('plan.changed');
      unmatched.forEach(({ row, facts }, i) => {
        const id = created.testIds[i] ?? null;
        const test: LoadedTest = {
          id: id ?? '',
          name: specs[i]!.name,
          templateKey: null,
          techniques: [facts.techniqueId!],
          state: 'pending',
          red: Object.fromEntries(Object.keys(RED_COLUMNS).map((k) => [k, null])) as RedValues,
        };
        Object.assign(row, { outcome: 'created', test_id: id, test_name: test.name });
        const plan = fill(test, facts);
        if (id) pending.push({ row, test, plan, facts });
        else apply(row, plan);
      });
    }

    for (const p of pending) apply(p.row, p.plan, p.row.outcome === 'created');
    if (!opts.dryRun) await write(ctx, w, pending, opts);
    const totals = Object.fromEntries(ProcedureOutcome.options.map((o) => [o, 0])) as Record<
      ProcedureOutcome,
      number
    >;
    for (const r of rows) totals[r.outcome] += 1;
    const applied =
      !opts.dryRun && pending.some((p) => changes(p.plan) || p.row.outcome === 'created');
    if (applied) {
      w.audit({
        action: 'mission.execution_imported',
        targetType: 'mission',
        targetId: missionId,
        after: {
          files: parsed.map((p) => p.file),
          totals,
          overwrite: opts.overwrite,
          create_unmatched: opts.createUnmatched,
        },
      });
    }
    return {
      mission_id: missionId,
      applied,
      dry_run: opts.dryRun,
      overwrite: opts.overwrite,
      files: parsed.map((p) => p.file),
      rows,
      totals,
    };
  });
}

const changes = (plan: FillPlan) => plan.executed || Object.keys(plan.set).length > 0;

/** The row's outcome and fields from its plan (a created test keeps `created`). */
function apply(row: ExecutionImportRow, plan: FillPlan, created = row.outcome === 'created') {
  row.filled = plan.filled;
  row.overwritten = plan.overwritten;
  row.conflicts = plan.conflicts;
  row.executed = plan.executed;
  row.notes.push(...plan.notes);
  if (created) return;
  row.outcome = plan.conflicts.length ? 'conflict' : changes(plan) ? 'filled' : 'unchanged';
}

const wire = (v: string | Date | null | undefined) =>
  v instanceof Date ? v.toISOString() : (v ?? null);

/** The writes, tests locked in id order after the mission row; one audit row per test. */
async function write(ctx: AppContext, w: MissionWrite, pending: Pending[], opts: ImportOptions) {
  const byTest = new Map<string, Pending[]>();
  for (const p of pending)
    if (changes(p.plan)) byTest.set(p.test.id, [...(byTest.get(p.test.id) ?? []), p]);
  if (byTest.size === 0) return;
  const locked = await w.lockTests([...byTest.keys()]);
  for (const access of locked) {
    const before = access.test;
    const plans = byTest.get(before.id)!;
    const set: Partial<typeof missionTests.$inferInsert> = {};
    const beforeWire: Record<string, unknown> = {};
    const afterWire: Record<string, unknown> = {};
    let executed = false;
    for (const { plan } of plans) {
      for (const [field, value] of Object.entries(plan.set) as [
        ImportedRedField,
        string | Date | null,
      ][]) {
        const col = RED_COLUMNS[field];
        (set as Record<string, unknown>)[col] = value;
        beforeWire[field] ??= wire(before[col] as string | Date | null);
        afterWire[field] = wire(value);
      }
      executed ||= plan.executed;
    }
    if (executed) {
      set.state = 'executed';
      set.executedAtOverridden = plans.some((p) => p.plan.filled.includes('executed_at'));
      set.stateReason = null;
      beforeWire.state = before.state;
      afterWire.state = 'executed';
    }
    const [row] = await w.tx
      .update(missionTests)
      .set({ ...set, lastActorId: w.actorId, updatedAt: w.now, version: before.version + 1 })
      .where(eq(missionTests.id, before.id))
      .returning();
    if (executed) {
      for (const hook of ctx.testStateHooks)
        await hook(w, { test: row!, from: 'pending', to: 'executed' });
    }
    w.audit({
      action: 'test.execution_imported',
      targetType: 'mission_test',
      targetId: before.id,
      before: beforeWire,
      after: {
        ...afterWire,
        import: plans.map((p) => ({
          file: p.facts.file,
          procedure: p.facts.index,
          format: p.facts.format,
        })),
        overwrite: opts.overwrite && plans.some((p) => p.plan.overwritten.length > 0),
      },
    });
  }
  await w.changeTests('test.changed', [...byTest.keys()]);
}
