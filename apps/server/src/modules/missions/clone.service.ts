import type { Mission } from '@metamorph/contract';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  missionAssets,
  missionMembers,
  missionScenarios,
  missionTestAttack,
  missionTests,
  missions,
} from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { newId } from '../../platform/ids.js';
import { missionAccess } from '../../kernel/mission-access.js';
import type { MissionsService } from './missions.service.js';

export const CloneRequest = z.strictObject({ name: z.string().trim().min(1).max(300).optional() });

/**
 * Clones a mission's structure: fields, assets, scenarios and tests with their snapshots and
 * tag snapshots, in fresh states (pending, unassigned), linked to the source. Members are not
 * copied: the caller leads the clone.
 */
export class CloneService {
  constructor(
    private readonly ctx: AppContext,
    private readonly missionsService: MissionsService,
  ) {}

  async clone(audit: AuditContext, sourceId: string, name: string | undefined): Promise<Mission> {
    const id = newId();
    await this.ctx.db.transaction(async (tx) => {
      const src = (await missionAccess(tx, audit.actor, sourceId)).mission;
      const actor = requirePermission(audit.actor, 'mission.create');
      const now = this.ctx.clock.now();
      await tx.insert(missions).values({
        ...src,
        id,
        name: name ?? `${src.name} (copy)`,
        status: 'planned',
        sourceMissionId: src.id,
        version: 1,
        createdBy: accountId(actor),
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      if (actor.via !== 'cli') {
        await tx
          .insert(missionMembers)
          .values({ missionId: id, userId: actor.userId, role: 'lead', addedAt: now });
      }
      const assets = await tx
        .select()
        .from(missionAssets)
        .where(eq(missionAssets.missionId, src.id));
      if (assets.length > 0) {
        await tx.insert(missionAssets).values(
          assets.map((a) => ({
            ...a,
            id: newId(),
            missionId: id,
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
      const scenarios = await tx
        .select()
        .from(missionScenarios)
        .where(and(eq(missionScenarios.missionId, src.id), isNull(missionScenarios.deletedAt)))
        .orderBy(asc(missionScenarios.position));
      const scenarioIds = new Map(scenarios.map((s) => [s.id, newId()]));
      if (scenarios.length > 0) {
        await tx.insert(missionScenarios).values(
          scenarios.map((s, position) => ({
            ...s,
            id: scenarioIds.get(s.id) as string,
            missionId: id,
            position,
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
      const tests = await tx
        .select()
        .from(missionTests)
        .where(and(eq(missionTests.missionId, src.id), isNull(missionTests.deletedAt)));
      const live = tests.filter((t) => scenarioIds.has(t.scenarioId));
      const testIds = new Map(live.map((t) => [t.id, newId()]));
      for (let i = 0; i < live.length; i += 200) {
        await tx.insert(missionTests).values(
          live.slice(i, i + 200).map((t) => ({
            ...t,
            id: testIds.get(t.id) as string,
            missionId: id,
            scenarioId: scenarioIds.get(t.scenarioId) as string,
            state: 'pending',
            stateReason: null,
            assigneeId: null,
            plannedOn: null,
            hiddenFromBlue: src.visibility === 'blind',
            version: 1,
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
      const ids = [...testIds.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const tags = await tx
          .select()
          .from(missionTestAttack)
          .where(inArray(missionTestAttack.testId, ids.slice(i, i + 500)));
        if (tags.length > 0) {
          await tx
            .insert(missionTestAttack)
            .values(tags.map((g) => ({ ...g, testId: testIds.get(g.testId) as string })));
        }
      }
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'mission.created',
        targetId: id,
        missionId: id,
        after: { name: name ?? `${src.name} (copy)`, cloned_from: src.id, tests: live.length },
      });
    });
    return this.missionsService.get(audit, id);
  }
}
