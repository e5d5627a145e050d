import type { MissionTestUpdate } from '@metamorph/contract';
import {
  ErrorCode,
  STATES_WITH_REASON,
  TRANSITIONS,
  TestState,
  holdsSide,
  transitionSide,
  type MissionTestDetail,
  type TransitionRequest,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionTests } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { DomainError, forbidden, validationFailed } from '../../platform/errors.js';
import type { Tx } from '../../platform/tx.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { planPatch, timeIssues } from './patch.js';
import { missingPatchSides } from './rules.js';
import { loadTestDetail } from './detail.js';
import { testAccess, type TestAccess } from '../../kernel/mission-test-access.js';
import { referenceIssues } from './references.js';
import { overrideIssues, toolResultIssues, writeToolResults } from './tool-results.js';

/** 403 unless the caller holds every side the patch touches (checked before anything else). */
export function requirePatchSides(access: TestAccess, body: unknown): void {
  const missing = missingPatchSides(access, body);
  if (missing.includes('red')) {
    throw forbidden('Red-side fields need a red role in this mission and mission.write_red_fields');
  }
  if (missing.includes('blue')) {
    throw forbidden(
      'Blue-side fields need a blue role in this mission and mission.write_blue_fields',
    );
  }
}

/** A write's outcome: the detail as it stands (nothing to write), or what was written. */
type Written = { done?: MissionTestDetail; access?: TestAccess };

/** The red and blue workflow of one mission test: read, patch, transition. */
export class ExecutionService {
  constructor(private readonly ctx: AppContext) {}

  async get(audit: AuditContext, missionId: string, testId: string): Promise<MissionTestDetail> {
    const access = await testAccess(this.ctx.db, audit.actor, missionId, testId);
    return loadTestDetail(this.ctx.db, access);
  }

  private stale(tx: Tx, access: TestAccess, expected: number | undefined): Promise<void> {
    if (expected === undefined || expected === access.test.version) return Promise.resolve();
    return loadTestDetail(tx, access).then((current) => {
      throw new DomainError(
        ErrorCode.VersionConflict,
        `The test was changed by ${current.last_actor_display_name ?? 'someone else'} ` +
          `(now version ${current.version}, you had ${expected}); reload and re-apply your change`,
        { context: { current_version: current.version, current } },
      );
    });
  }

  /**
   * 401 → 404 → 403 (sides) → 422 (payload) → 409 (stale If-Match) → write. The route has
   * validated the body against `MissionTestUpdate` (and checked the sides before that, on the
   * guard's access); here the sides are checked again on the mission row read under its lock.
   */
  async update(
    audit: AuditContext,
    missionId: string,
    testId: string,
    body: MissionTestUpdate,
    ifMatch: number | undefined,
  ): Promise<MissionTestDetail> {
    const written = await missionWrite(
      this.ctx,
      audit,
      missionId,
      { level: 'write' },
      async (w): Promise<Written> => {
        const { tx, now, actorId } = w;
        const access = await w.lockTest(testId);
        requirePatchSides(access, body);
        const issues = [
          ...timeIssues(access.test, body),
          ...(await referenceIssues(tx, missionId, body)),
          ...(body.tool_results ? await toolResultIssues(tx, missionId, body.tool_results) : []),
        ];
        if (issues.length === 0) issues.push(...(await overrideIssues(tx, access.test, body)));
        if (issues.length > 0) throw validationFailed(issues);
        await this.stale(tx, access, ifMatch ?? body.version);
        const patch = planPatch(access.test, body);
        const tools = await writeToolResults(
          tx,
          access.test,
          body.tool_results ?? [],
          actorId,
          now,
        );
        if (Object.keys(tools.after).length > 0) {
          patch.before.tool_results = tools.before;
          patch.after.tool_results = tools.after;
        }
        if (Object.keys(patch.after).length === 0)
          return { done: await loadTestDetail(tx, access) };
        const [row] = await tx
          .update(missionTests)
          .set({
            ...patch.set,
            lastActorId: actorId,
            updatedAt: now,
            version: access.test.version + 1,
          })
          .where(eq(missionTests.id, testId))
          .returning();
        const seq = await w.change('test.changed', { testId });
        w.audit({
          action: 'test.updated',
          targetType: 'mission_test',
          targetId: testId,
          before: patch.before,
          after: patch.after,
        });
        return { access: { ...access, test: { ...row!, changeSeq: seq } } };
      },
    );
    // Read back after commit, outside the locks the write held.
    return written.done ?? loadTestDetail(this.ctx.db, written.access!);
  }

  /**
   * 401 → 404 → 403 (the transition's side, or the idempotent side for the same state) →
   * 422 → 409 (stale If-Match) → 409 (not allowed) → idempotent 200 → write.
   */
  async transition(
    audit: AuditContext,
    missionId: string,
    testId: string,
    body: TransitionRequest,
    ifMatch: number | undefined,
  ): Promise<MissionTestDetail> {
    const written = await missionWrite(
      this.ctx,
      audit,
      missionId,
      { level: 'write' },
      async (w) => {
        const { tx, now } = w;
        const access = await w.lockTest(testId);
        const from = access.test.state as TestState;
        const target = TestState.safeParse(body.state);
        const side = target.success ? transitionSide(from, target.data) : null;
        // An unknown state or a move the machine does not allow still needs some write side.
        if (!holdsSide(side ?? 'any', access.sides)) {
          throw forbidden(
            side === 'red'
              ? 'This transition needs a red role in this mission and mission.write_red_fields'
              : side === 'blue'
                ? 'This transition needs a blue role in this mission and mission.write_blue_fields'
                : 'Changing the state needs a red or blue role in this mission',
          );
        }
        if (!target.success) {
          throw validationFailed([
            { path: 'body.state', message: `must be one of ${TestState.options.join(', ')}` },
          ]);
        }
        const to = target.data;
        await this.stale(tx, access, ifMatch ?? body.version);
        if (side === null) {
          throw new DomainError(
            ErrorCode.InvalidTransition,
            `Cannot move a test from ${from} to ${to}` +
              (TRANSITIONS[from].length ? ` (from ${from}: ${TRANSITIONS[from].join(', ')})` : ''),
            { context: { state: from, target: to, allowed: TRANSITIONS[from] } },
          );
        }
        if (from === to) return { done: await loadTestDetail(tx, access) } as Written;
        const set: Partial<typeof missionTests.$inferInsert> = { state: to };
        if (to === 'executed' && from === 'pending') {
          set.executedAt = now;
          set.executedAtOverridden = false;
        } else if (to === 'pending') {
          set.executedAt = null;
          set.executedAtOverridden = false;
        }
        set.stateReason = STATES_WITH_REASON.includes(to) ? body.reason?.trim() || null : null;
        const [row] = await tx
          .update(missionTests)
          .set({ ...set, lastActorId: w.actorId, updatedAt: now, version: access.test.version + 1 })
          .where(eq(missionTests.id, testId))
          .returning();
        const seq = await w.change('test.changed', { testId });
        // Other modules' reactions (a reviewed retest test moves its finding), same transaction.
        for (const hook of this.ctx.testStateHooks) await hook(w, { test: row!, from, to });
        w.audit({
          action: 'test.transitioned',
          targetType: 'mission_test',
          targetId: testId,
          before: {
            state: from,
            state_reason: access.test.stateReason,
            executed_at: access.test.executedAt?.toISOString() ?? null,
          },
          after: {
            state: to,
            state_reason: row!.stateReason,
            executed_at: row!.executedAt?.toISOString() ?? null,
          },
        });
        return { access: { ...access, test: { ...row!, changeSeq: seq } } } as Written;
      },
    );
    // Read back after commit, outside the locks the write held.
    return written.done ?? loadTestDetail(this.ctx.db, written.access!);
  }
}
