import type { AdHocTestCreate, ScenarioPatch, TestPlanPatch } from '@metamorph/contract';
import { and, asc, eq, isNull, max, ne } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionMembers, missionScenarios, missionTests } from '../../db/schema/index.js';
import type { AuditContext, AuditEntry } from '../../platform/audit/audit.js';
import { planChanged } from './plan-audit.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Tx } from '../../platform/tx.js';
import { currentRelease } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from '../library/index.js';
import { resolveSnapshotTags } from './snapshot-tags.js';
import { changedFields } from '../../platform/diff.js';
import { missionAccess } from '../../kernel/mission-access.js';
import { moveTo } from './positions.js';
import { insertMissionTests, tagSnapshot } from './snapshot.js';

const live = <T extends typeof missionScenarios | typeof missionTests>(t: T) => isNull(t.deletedAt);

/** Planning edits of a mission (leads): scenario and test order, assignment, soft delete. */
export class PlanEditService {
  constructor(private readonly ctx: AppContext) {}

  private async inMission<T>(
    audit: AuditContext,
    missionId: string,
    fn: (
      tx: Tx,
      audit: (e: Omit<AuditEntry, 'missionId' | 'targetId'>) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, (w) =>
      fn(w.tx, (e) => planChanged(w, { ...e, targetId: missionId })),
    );
  }

  private async scenario(tx: Tx, missionId: string, id: string, deleted = false) {
    const [s] = await tx
      .select()
      .from(missionScenarios)
      .where(and(eq(missionScenarios.id, id), eq(missionScenarios.missionId, missionId)));
    if (!s || (s.deletedAt !== null) !== deleted) throw notFound('Scenario');
    return s;
  }

  private async test(tx: Tx, missionId: string, id: string, deleted = false) {
    const [t] = await tx
      .select()
      .from(missionTests)
      .where(and(eq(missionTests.id, id), eq(missionTests.missionId, missionId)));
    if (!t || (t.deletedAt !== null) !== deleted) throw notFound('Test');
    return t;
  }

  async patchScenario(audit: AuditContext, missionId: string, id: string, body: ScenarioPatch) {
    await this.inMission(audit, missionId, async (tx, log) => {
      const s = await this.scenario(tx, missionId, id);
      if (body.position !== undefined) {
        const ids = await tx
          .select({ id: missionScenarios.id })
          .from(missionScenarios)
          .where(and(eq(missionScenarios.missionId, missionId), live(missionScenarios)))
          .orderBy(asc(missionScenarios.position));
        const order = moveTo(
          ids.map((r) => r.id),
          id,
          body.position,
          'body.position',
        );
        for (const [position, sid] of order.entries()) {
          await tx.update(missionScenarios).set({ position }).where(eq(missionScenarios.id, sid));
        }
      }
      const next = {
        name: body.name ?? s.name,
        description: body.description !== undefined ? body.description : s.description,
      };
      await tx
        .update(missionScenarios)
        .set({ ...next, updatedAt: this.ctx.clock.now() })
        .where(eq(missionScenarios.id, id));
      const diff = changedFields(
        { name: s.name, description: s.description, position: s.position },
        {
          ...next,
          position: body.position ?? s.position,
        },
      );
      if (Object.keys(diff.after).length > 0) {
        await log({
          action: 'mission.scenario_changed',
          before: { scenario_id: id, ...diff.before },
          after: { scenario_id: id, ...diff.after },
        });
      }
    });
  }

  /** Soft delete (its tests become invisible with it) or restore. */
  async setScenarioDeleted(audit: AuditContext, missionId: string, id: string, deleted: boolean) {
    await this.inMission(audit, missionId, async (tx, log) => {
      const s = await this.scenario(tx, missionId, id, !deleted);
      const [last] = await tx
        .select({ p: max(missionScenarios.position) })
        .from(missionScenarios)
        .where(
          and(
            eq(missionScenarios.missionId, missionId),
            live(missionScenarios),
            ne(missionScenarios.id, id),
          ),
        );
      await tx
        .update(missionScenarios)
        .set({
          deletedAt: deleted ? this.ctx.clock.now() : null,
          // A restored scenario comes back at the end.
          ...(deleted ? {} : { position: (last?.p ?? -1) + 1 }),
          updatedAt: this.ctx.clock.now(),
        })
        .where(eq(missionScenarios.id, id));
      await log({
        action: deleted ? 'mission.scenario_removed' : 'mission.scenario_restored',
        before: { scenario_id: id, name: s.name },
      });
    });
  }

  async patchTest(audit: AuditContext, missionId: string, id: string, body: TestPlanPatch) {
    await this.inMission(audit, missionId, async (tx, log) => {
      const t = await this.test(tx, missionId, id);
      const scenarioId = body.scenario_id ?? t.scenarioId;
      if (body.scenario_id && body.scenario_id !== t.scenarioId) {
        await this.scenario(tx, missionId, body.scenario_id).catch(() => {
          throw validationFailed([
            { path: 'body.scenario_id', message: 'is not a scenario of this mission' },
          ]);
        });
      }
      if (body.assignee_id) {
        const [m] = await tx
          .select({ u: missionMembers.userId })
          .from(missionMembers)
          .where(
            and(
              eq(missionMembers.missionId, missionId),
              eq(missionMembers.userId, body.assignee_id),
            ),
          );
        if (!m)
          throw validationFailed([
            { path: 'body.assignee_id', message: 'is not a member of this mission' },
          ]);
      }
      if (body.position !== undefined || scenarioId !== t.scenarioId) {
        const ids = await tx
          .select({ id: missionTests.id })
          .from(missionTests)
          .where(
            and(
              eq(missionTests.scenarioId, scenarioId),
              live(missionTests),
              ne(missionTests.id, id),
            ),
          )
          .orderBy(asc(missionTests.position));
        const order = moveTo(
          ids.map((r) => r.id),
          id,
          body.position ?? ids.length,
          'body.position',
        );
        for (const [position, tid] of order.entries()) {
          await tx
            .update(missionTests)
            .set({ position, scenarioId })
            .where(eq(missionTests.id, tid));
        }
        if (scenarioId !== t.scenarioId) await this.renumber(tx, t.scenarioId);
      }
      const next = {
        scenarioId,
        assigneeId: body.assignee_id !== undefined ? body.assignee_id : t.assigneeId,
        plannedOn: body.planned_on !== undefined ? body.planned_on : t.plannedOn,
        hiddenFromBlue: body.hidden_from_blue ?? t.hiddenFromBlue,
        includeInReport: body.include_in_report ?? t.includeInReport,
      };
      const diff = changedFields(
        {
          scenarioId: t.scenarioId,
          assigneeId: t.assigneeId,
          plannedOn: t.plannedOn,
          hiddenFromBlue: t.hiddenFromBlue,
          includeInReport: t.includeInReport,
          position: t.position,
        },
        { ...next, position: body.position ?? t.position },
      );
      if (Object.keys(diff.after).length === 0) return;
      await tx
        .update(missionTests)
        .set({ ...next, version: t.version + 1, updatedAt: this.ctx.clock.now() })
        .where(eq(missionTests.id, id));
      await log({
        action: 'mission.test_planned',
        before: { test_id: id, ...diff.before },
        after: { test_id: id, ...diff.after },
      });
    });
  }

  private async renumber(tx: Tx, scenarioId: string): Promise<void> {
    const ids = await tx
      .select({ id: missionTests.id })
      .from(missionTests)
      .where(and(eq(missionTests.scenarioId, scenarioId), live(missionTests)))
      .orderBy(asc(missionTests.position));
    for (const [position, r] of ids.entries()) {
      await tx.update(missionTests).set({ position }).where(eq(missionTests.id, r.id));
    }
  }

  async setTestDeleted(audit: AuditContext, missionId: string, id: string, deleted: boolean) {
    await this.inMission(audit, missionId, async (tx, log) => {
      const t = await this.test(tx, missionId, id, !deleted);
      const now = this.ctx.clock.now();
      await tx
        .update(missionTests)
        .set({ deletedAt: deleted ? now : null, version: t.version + 1, updatedAt: now })
        .where(eq(missionTests.id, id));
      await log({
        action: deleted ? 'mission.test_removed' : 'mission.test_restored',
        before: { test_id: id, name: t.snapshotName },
      });
    });
  }

  /** A test written in the mission, without a template. */
  async addAdHoc(audit: AuditContext, missionId: string, body: AdHocTestCreate): Promise<string> {
    return this.inMission(audit, missionId, async (tx, log) => {
      await this.scenario(tx, missionId, body.scenario_id).catch(() => {
        throw validationFailed([
          { path: 'body.scenario_id', message: 'is not a scenario of this mission' },
        ]);
      });
      const mission = await missionAccess(tx, audit.actor, missionId);
      const [last] = await tx
        .select({ p: max(missionTests.position) })
        .from(missionTests)
        .where(and(eq(missionTests.scenarioId, body.scenario_id), live(missionTests)));
      const now = this.ctx.clock.now();
      const id = newId();
      const tag = await resolveSnapshotTags(tx, body.attack_ids);
      const release = await currentRelease(tx, LIBRARY_ATTACK_DOMAIN);
      await insertMissionTests(tx, [
        {
          test: {
            id,
            missionId,
            scenarioId: body.scenario_id,
            position: (last?.p ?? -1) + 1,
            snapshotName: body.name,
            snapshotDescription: body.description,
            snapshotObjective: body.objective,
            snapshotProcedureMd: body.procedure_md,
            snapshotExpectedRedMd: body.expected_red_md,
            snapshotExpectedBlueMd: body.expected_blue_md,
            snapshotOpsecLevel: 'medium',
            snapshotTags: [],
            snapshotExpectedIocs: [],
            snapshotPlatforms: body.platforms,
            snapshotInputArguments: [],
            snapshotDependencies: [],
            snapshotDetectionRefs: [],
            expectedOutcomes: [],
            hiddenFromBlue: mission.mission.visibility === 'blind',
            version: 1,
            createdAt: now,
            updatedAt: now,
          },
          tags: tagSnapshot(id, [...new Set(body.attack_ids)], tag, release?.version ?? null),
        },
      ]);
      await log({
        action: 'mission.test_added',
        after: { test_id: id, name: body.name, ad_hoc: true },
      });
      return id;
    });
  }
}
