import {
  QUEUE_SECTION_LIMIT,
  type MissionRole,
  type MyQueue,
  type QueueItem,
  type QueueSection,
  type QueueSectionKey,
  type TestState,
} from '@metamorph/contract';
import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionMembers, missionScenarios, missionTests, missions } from '../../db/schema/index.js';
import { memberRights } from '../../kernel/mission-access.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/authz.js';

interface MemberMission {
  id: string;
  rights: ReturnType<typeof memberRights>;
}

/**
 * The caller's queue across the missions they are a member of (not archived, not deleted):
 * red — pending tests assigned to them planned for today or earlier; blue — executed tests
 * awaiting review, oldest first; leads — blocked tests, pending tests past their planned day,
 * and reviewed tests whose outcome overrides the tools' suggestion. Hidden tests never reach a
 * blue-only member. Each section answers its total and at most `QUEUE_SECTION_LIMIT` items.
 */
export class QueueService {
  constructor(private readonly ctx: AppContext) {}

  async queue(audit: AuditContext): Promise<MyQueue> {
    const actor = requireActor(audit.actor);
    const now = this.ctx.clock.now();
    const today = now.toISOString().slice(0, 10);
    const member = await this.ctx.db
      .select({ id: missions.id, role: missionMembers.role })
      .from(missionMembers)
      .innerJoin(missions, eq(missions.id, missionMembers.missionId))
      .where(
        and(
          eq(missionMembers.userId, actor.userId),
          isNull(missions.deletedAt),
          ne(missions.status, 'archived'),
        ),
      );
    const mine: MemberMission[] = member.map((m) => ({
      id: m.id,
      rights: memberRights(actor, m.role as MissionRole),
    }));
    const ids = (f: (m: MemberMission) => boolean) => mine.filter(f).map((m) => m.id);
    const red = ids((m) => m.rights.sides.red);
    const blue = ids((m) => m.rights.sides.blue);
    const lead = ids((m) => m.rights.canManage);
    const seesHidden = ids((m) => m.rights.seesHidden);
    const sections: QueueSection[] = [];
    const t = missionTests;
    // Within a day: mission by name, then the plan's own order.
    const planOrder = [
      asc(missions.name),
      asc(t.missionId),
      asc(missionScenarios.position),
      asc(t.position),
      asc(t.id),
    ];
    if (red.length > 0) {
      sections.push(
        await this.section(
          'red_due',
          red,
          now,
          [eq(t.assigneeId, actor.userId), eq(t.state, 'pending'), lte(t.plannedOn, today)],
          [asc(t.plannedOn), ...planOrder],
        ),
      );
    }
    if (blue.length > 0) {
      const visible = seesHidden.length
        ? or(eq(t.hiddenFromBlue, false), inArray(t.missionId, seesHidden))
        : eq(t.hiddenFromBlue, false);
      sections.push(
        await this.section(
          'blue_review',
          blue,
          now,
          [eq(t.state, 'executed'), visible!],
          [sql`${t.executedAt} ASC NULLS LAST`, asc(t.id)],
        ),
      );
    }
    if (lead.length > 0) {
      sections.push(
        await this.section(
          'lead_blocked',
          lead,
          now,
          [eq(t.state, 'blocked')],
          [asc(t.updatedAt), asc(t.id)],
        ),
        await this.section(
          'lead_overdue',
          lead,
          now,
          [eq(t.state, 'pending'), lt(t.plannedOn, today)],
          [asc(t.plannedOn), ...planOrder],
        ),
        await this.section(
          'lead_overridden',
          lead,
          now,
          [eq(t.state, 'reviewed_by_blue'), isNotNull(t.outcomeOverrideReason)],
          [desc(t.updatedAt), asc(t.id)],
        ),
      );
    }
    return { today, generated_at: now.toISOString(), sections };
  }

  /** One section: its items (capped) and its total, in one statement. */
  private async section(
    key: QueueSectionKey,
    missionIds: string[],
    now: Date,
    where: SQL[],
    order: SQL[],
  ): Promise<QueueSection> {
    const t = missionTests;
    const rows = await this.ctx.db
      .select({
        missionId: t.missionId,
        missionName: missions.name,
        id: t.id,
        name: t.snapshotName,
        state: t.state,
        plannedOn: t.plannedOn,
        assigneeId: t.assigneeId,
        executedAt: t.executedAt,
        stateReason: t.stateReason,
        total: sql<string>`count(*) over ()`,
      })
      .from(t)
      .innerJoin(missionScenarios, eq(missionScenarios.id, t.scenarioId))
      .innerJoin(missions, eq(missions.id, t.missionId))
      .where(
        and(
          inArray(t.missionId, missionIds),
          isNull(t.deletedAt),
          isNull(missionScenarios.deletedAt),
          ...where,
        ),
      )
      .orderBy(...order)
      .limit(QUEUE_SECTION_LIMIT);
    const items: QueueItem[] = rows.map((r) => ({
      mission_id: r.missionId,
      mission_name: r.missionName,
      test_id: r.id,
      test_name: r.name,
      state: r.state as TestState,
      planned_on: r.plannedOn,
      assignee_id: r.assigneeId,
      executed_at: r.executedAt?.toISOString() ?? null,
      waiting_seconds:
        key === 'blue_review' && r.executedAt
          ? Math.max(0, Math.floor((now.getTime() - r.executedAt.getTime()) / 1000))
          : null,
      state_reason: r.stateReason,
    }));
    return { key, total: Number(rows[0]?.total ?? 0), limit: QUEUE_SECTION_LIMIT, items };
  }
}
