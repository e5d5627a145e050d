import {
  ErrorCode,
  type BulkTestAction,
  type BulkTestResult,
  type FieldIssue,
  type TestState,
} from '@metamorph/contract';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import {
  missionMembers,
  missionTestToolResults,
  missionTests,
  type MissionTestRow,
} from '../../db/schema/index.js';
import { missionWrite, type MissionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { DomainError } from '../../platform/errors.js';
import { overrideIssues, referenceIssues } from '../execution/index.js';
import { diffFor, needsText, targetState, verdict, type Verdict } from './bulk-plan.js';

const list = (ids: readonly string[]) =>
  ids.length <= 20 ? ids.join(', ') : `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more`;

/** 422 naming the ids, never saying whether they exist in another mission. */
const notInMission = (ids: string[]) =>
  new DomainError(
    ErrorCode.ValidationFailed,
    `Invalid body.test_ids: not found in this mission: ${list(ids)}`,
    {
      errors: [{ path: 'body.test_ids', message: `not found in this mission: ${list(ids)}` }],
      context: { test_ids: ids },
    },
  );

/**
 * Bulk actions over a mission's tests (issue 18 point 3): all or nothing in one transaction
 * through `missionWrite`, in the one lock order (mission row → the tests in id order → change
 * records → audit last). 401 → 404 (mission) → 422 (ids not in this mission) → 403 (side or
 * role not held, with the ids) → 422 (payload references) → 409 (state machine) → write.
 */
export class BulkService {
  constructor(private readonly ctx: AppContext) {}

  async run(audit: AuditContext, missionId: string, body: BulkTestAction): Promise<BulkTestResult> {
    return missionWrite(this.ctx, audit, missionId, { level: 'write' }, async (w) => {
      const { tests, missing } = await w.lockTestSet(body.test_ids);
      if (missing.length > 0) throw notInMission(missing);
      const verdicts = new Map<string, Verdict>(
        tests.map((t) => [t.id, verdict(w.access, body, t)]),
      );
      const having = (v: Verdict) => tests.filter((t) => verdicts.get(t.id) === v).map((t) => t.id);
      const refused = having('forbidden');
      if (refused.length > 0) {
        throw new DomainError(
          ErrorCode.Forbidden,
          `"${body.action}" needs ${needsText(body)}; refused for: ${list(refused)}`,
          { context: { test_ids: refused } },
        );
      }
      const issues = await this.payloadIssues(w, body, tests);
      if (issues.length > 0)
        throw new DomainError(ErrorCode.ValidationFailed, issues.detail, issues);
      const invalid = having('invalid');
      if (invalid.length > 0) {
        const states = Object.fromEntries(
          tests.filter((t) => invalid.includes(t.id)).map((t) => [t.id, t.state]),
        );
        throw new DomainError(
          ErrorCode.InvalidTransition,
          `Cannot move to ${targetState(body)} from their state (only pending tests can): ${list(invalid)}`,
          { context: { test_ids: invalid, states, target: targetState(body) } },
        );
      }
      const changing = tests.filter((t) => verdicts.get(t.id) === 'change');
      const updated = await this.write(w, body, changing);
      return { updated, unchanged: body.test_ids.filter((id) => verdicts.get(id) === 'same') };
    });
  }

  /** 422 on what the payload points at: the assignee, the detection level, override reasons. */
  private async payloadIssues(
    w: MissionWrite,
    body: BulkTestAction,
    tests: MissionTestRow[],
  ): Promise<{
    length: number;
    detail: string;
    errors: FieldIssue[];
    context?: Record<string, unknown>;
  }> {
    const errors: FieldIssue[] = [];
    let context: Record<string, unknown> | undefined;
    if (body.action === 'assign' && body.assignee_id) {
      const [m] = await w.tx
        .select({ u: missionMembers.userId })
        .from(missionMembers)
        .where(
          and(
            eq(missionMembers.missionId, w.access.mission.id),
            eq(missionMembers.userId, body.assignee_id),
          ),
        );
      if (!m) errors.push({ path: 'body.assignee_id', message: 'is not a member of this mission' });
    }
    if (body.action === 'set_detection_level') {
      const patch = { detection_level_id: body.detection_level_id };
      errors.push(...(await referenceIssues(w.tx, w.access.mission.id, patch)));
      if (errors.length === 0) {
        // A level the tools' results contradict needs a reason, as on the single-test PUT.
        // Only a test with recorded tool results can have a suggestion to contradict (every
        // tool TBD suggests nothing): one query finds them, the rest need no check.
        const changing = tests.filter((t) => t.detectionLevelId !== body.detection_level_id);
        const withResults = new Set(
          changing.length === 0
            ? []
            : (
                await w.tx
                  .selectDistinct({ id: missionTestToolResults.testId })
                  .from(missionTestToolResults)
                  .where(
                    inArray(
                      missionTestToolResults.testId,
                      changing.map((t) => t.id),
                    ),
                  )
              ).map((r) => r.id),
        );
        const need: string[] = [];
        for (const t of changing) {
          if (!withResults.has(t.id)) continue;
          if ((await overrideIssues(w.tx, t, patch)).length > 0) need.push(t.id);
        }
        if (need.length > 0) {
          errors.push({
            path: 'body.test_ids',
            message:
              `the tools' results suggest another level (set it with a reason on each test): ` +
              list(need),
          });
          context = { test_ids: need };
        }
      }
    }
    const detail = `Invalid ${errors.map((e) => e.path).join(', ')}: ${errors.map((e) => e.message).join('; ')}`;
    return { length: errors.length, detail, errors, ...(context ? { context } : {}) };
  }

  /** One UPDATE for every changed test, one change record and one audit row per test. */
  private async write(w: MissionWrite, body: BulkTestAction, tests: MissionTestRow[]) {
    if (tests.length === 0) return [];
    const ids = tests.map((t) => t.id);
    const { set } = diffFor(body, tests[0]!);
    const rows = await w.tx
      .update(missionTests)
      .set({ ...set, version: sql`${missionTests.version} + 1` })
      .where(inArray(missionTests.id, ids))
      .returning();
    const byId = new Map(rows.map((r) => [r.id, r]));
    await w.changeTests(body.action === 'reveal' ? 'test.revealed' : 'test.changed', ids);
    const to = targetState(body);
    for (const t of tests) {
      const row = byId.get(t.id)!;
      if (to) {
        // Other modules' reactions to a state change, in this transaction (as a transition).
        for (const hook of this.ctx.testStateHooks) {
          await hook(w, { test: row, from: t.state as TestState, to });
        }
      }
      const diff = diffFor(body, t);
      w.audit({
        action: 'test.bulk_updated',
        targetType: 'mission_test',
        targetId: t.id,
        before: diff.before,
        after: diff.after,
      });
    }
    return tests.map((t) => ({ id: t.id, version: byId.get(t.id)!.version }));
  }
}
