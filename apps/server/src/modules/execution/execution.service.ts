import {
  ErrorCode,
  MissionTestUpdate,
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
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import { DomainError, forbidden, validationFailed } from '../../platform/errors.js';
import type { Tx } from '../../platform/tx.js';
import { recordChange } from '../../kernel/changes.js';
import { planPatch, sidesNeeded, timeIssues } from './patch.js';
import { loadTestDetail } from './detail.js';
import { testAccess, type TestAccess } from '../../kernel/mission-test-access.js';
import { referenceIssues } from './references.js';
import { overrideIssues, toolResultIssues, writeToolResults } from './tool-results.js';

/** 403 unless the caller holds every side the patch touches (checked before anything else). */
export function requirePatchSides(access: TestAccess, body: unknown): void {
  const need = sidesNeeded(body);
  if (need.red && !access.sides.red) {
    throw forbidden('Red-side fields need a red role in this mission and mission.write_red_fields');
  }
  if (need.blue && !access.sides.blue) {
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

  /** 401 → 404 → 403 (sides) → 422 (payload) → 409 (stale If-Match) → write. */
  async update(
    audit: AuditContext,
    missionId: string,
    testId: string,
    raw: unknown,
    ifMatch: number | undefined,
  ): Promise<MissionTestDetail> {
    const written = await this.ctx.db.transaction(async (tx) => {
      const access = await testAccess(tx, audit.actor, missionId, testId, { forUpdate: true });
      requirePatchSides(access, raw);
      const parsed = MissionTestUpdate.safeParse(raw ?? {});
      if (!parsed.success) {
        throw validationFailed(
          parsed.error.issues.map((i) => ({
            path: ['body', ...i.path.map(String)].join('.'),
            message: i.message,
          })),
        );
      }
      const body = parsed.data;
      const issues = [
        ...timeIssues(access.test, body),
        ...(await referenceIssues(tx, missionId, body)),
        ...(body.tool_results ? await toolResultIssues(tx, missionId, body.tool_results) : []),
      ];
      if (issues.length === 0) issues.push(...(await overrideIssues(tx, access.test, body)));
      if (issues.length > 0) throw validationFailed(issues);
      await this.stale(tx, access, ifMatch ?? body.version);
      const patch = planPatch(access.test, body);
      const actor = accountId(audit.actor);
      // One timestamp for the whole write: the answer's updated_at is the stored one.
      const now = this.ctx.clock.now();
      const tools = await writeToolResults(tx, access.test, body.tool_results ?? [], actor, now);
      if (Object.keys(tools.after).length > 0) {
        patch.before.tool_results = tools.before;
        patch.after.tool_results = tools.after;
      }
      if (Object.keys(patch.after).length === 0)
        return { done: await loadTestDetail(tx, access) } as Written;
      const [row] = await tx
        .update(missionTests)
        .set({
          ...patch.set,
          lastActorId: actor,
          updatedAt: now,
          version: access.test.version + 1,
        })
        .where(eq(missionTests.id, testId))
        .returning();
      const seq = await recordChange(tx, this.ctx.clock, {
        missionId,
        kind: 'test.changed',
        testId,
        actorId: actor,
        at: now,
      });
      // The chained audit row last: its global lock is then held for the shortest time.
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'test.updated',
        targetType: 'mission_test',
        targetId: testId,
        missionId,
        before: patch.before,
        after: patch.after,
      });
      return { access: { ...access, test: { ...row!, changeSeq: seq } } } as Written;
    });
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
    const written = await this.ctx.db.transaction(async (tx) => {
      const access = await testAccess(tx, audit.actor, missionId, testId, { forUpdate: true });
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
      const now = this.ctx.clock.now();
      const set: Partial<typeof missionTests.$inferInsert> = { state: to };
      if (to === 'executed' && from === 'pending') {
        set.executedAt = now;
        set.executedAtOverridden = false;
      } else if (to === 'pending') {
        set.executedAt = null;
        set.executedAtOverridden = false;
      }
      set.stateReason = STATES_WITH_REASON.includes(to) ? body.reason?.trim() || null : null;
      const actor = accountId(audit.actor);
      const [row] = await tx
        .update(missionTests)
        .set({ ...set, lastActorId: actor, updatedAt: now, version: access.test.version + 1 })
        .where(eq(missionTests.id, testId))
        .returning();
      const seq = await recordChange(tx, this.ctx.clock, {
        missionId,
        kind: 'test.changed',
        testId,
        actorId: actor,
        at: now,
      });
      // The chained audit row last: its global lock is then held for the shortest time.
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'test.transitioned',
        targetType: 'mission_test',
        targetId: testId,
        missionId,
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
    });
    // Read back after commit, outside the locks the write held.
    return written.done ?? loadTestDetail(this.ctx.db, written.access!);
  }
}
