import type { Activity, ActivityQuery, TestState } from '@metamorph/contract';
import { and, asc, desc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionScenarios, missionTests, missions, users } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { validationFailed } from '../../platform/errors.js';
import { missionAccess } from '../../kernel/mission-access.js';

/**
 * What changed in a mission's tests: by time (`since`, as the original) or by change sequence
 * (`after_seq`, which never repeats or skips a change: a page holds the oldest changes after
 * the cursor, answered freshest first, and `has_more` says more follow).
 */
export class ActivityService {
  constructor(private readonly ctx: AppContext) {}

  async activity(audit: AuditContext, missionId: string, q: ActivityQuery): Promise<Activity> {
    if (q.since !== undefined && q.after_seq !== undefined) {
      throw validationFailed([
        { path: 'querystring', message: 'give since or after_seq, not both' },
      ]);
    }
    const db = this.ctx.db;
    const access = await missionAccess(db, audit.actor, missionId);
    // The mission's sequence first: rows committed after this read carry higher numbers and
    // are left for the next poll, so the cursor never runs ahead of what was answered.
    const [m] = await db
      .select({ seq: missions.changeSeq })
      .from(missions)
      .where(eq(missions.id, missionId));
    const head = m?.seq ?? 0;
    const bySeq = q.after_seq !== undefined;
    const rows = await db
      .select({
        test_id: missionTests.id,
        scenario_id: missionTests.scenarioId,
        snapshot_name: missionTests.snapshotName,
        state: missionTests.state,
        updated_at: missionTests.updatedAt,
        change_seq: missionTests.changeSeq,
        version: missionTests.version,
        last_actor_id: missionTests.lastActorId,
        last_actor_email: users.email,
        last_actor_display_name: users.displayName,
      })
      .from(missionTests)
      .innerJoin(missionScenarios, eq(missionScenarios.id, missionTests.scenarioId))
      .leftJoin(users, eq(users.id, missionTests.lastActorId))
      .where(
        and(
          eq(missionTests.missionId, missionId),
          isNull(missionTests.deletedAt),
          isNull(missionScenarios.deletedAt),
          access.seesHidden ? undefined : eq(missionTests.hiddenFromBlue, false),
          lte(missionTests.changeSeq, head),
          bySeq ? gt(missionTests.changeSeq, q.after_seq ?? 0) : undefined,
          q.since !== undefined ? gt(missionTests.updatedAt, new Date(q.since)) : undefined,
        ),
      )
      .orderBy(
        ...(bySeq
          ? [asc(missionTests.changeSeq)]
          : [desc(missionTests.updatedAt), asc(missionTests.id)]),
      )
      .limit(q.limit + 1);
    const has_more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    if (bySeq) page.reverse();
    const last_seq = bySeq && has_more ? Math.max(...page.map((r) => r.change_seq)) : head;
    return {
      items: page.map((r) => ({
        ...r,
        state: r.state as TestState,
        updated_at: r.updated_at.toISOString(),
      })),
      last_seq,
      has_more,
    };
  }
}
