import type {
  AddScenarioRequest,
  AttackTagSnapshot,
  MissionPlan,
  MissionScenario,
  TestState,
} from '@metamorph/contract';
import { and, asc, eq, inArray, isNull, max } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import {
  libraryScenarioTests,
  libraryScenarios,
  libraryTests,
  missionScenarios,
  missionTestAttack,
  missionTests,
} from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { planChanged } from './plan-audit.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { currentRelease } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from '../library/index.js';
import { resolveSnapshotTags } from './snapshot-tags.js';
import { missionAccess, type MissionAccess } from '../../kernel/mission-access.js';
import { MissionCache, missionEtag } from '../../kernel/mission-cache.js';

/** Bumped when the plan's wire shape changes, so no client revalidates an old body. */
const PLAN_FORMAT = 1;

import { expectationStatuses } from './plan-outcomes.js';
import { insertMissionTests, snapshotTest, tagSnapshot } from './snapshot.js';

/** The mission plan: scenarios snapshotted from the library, and their tests. */
export class PlanService {
  /**
   * Serialised plans by mission, change sequence and visibility (kernel/mission-cache.ts):
   * never stale, in this process or after another one's write. A 1,000-test plan is ~600 KiB
   * of JSON, so 32 entries bound the cache near 20 MiB.
   */
  private readonly cache = new MissionCache<string>(32);

  constructor(private readonly ctx: AppContext) {}

  async plan(audit: AuditContext, missionId: string): Promise<MissionPlan> {
    const access = await missionAccess(this.ctx.db, audit.actor, missionId);
    return { scenarios: await this.load(this.ctx.db, access) };
  }

  /**
   * The plan as the caller sees it, serialised once per mission change (the access was read
   * just now, by the route guard, so its change sequence is current).
   */
  serialisedJson(access: MissionAccess): Promise<string> {
    return this.cache.get(access, ['plan'], async () =>
      JSON.stringify({ scenarios: await this.load(this.ctx.db, access) } satisfies MissionPlan),
    );
  }

  /** The ETag of the caller's variant of the plan at the mission's current sequence. */
  etag(access: MissionAccess): string {
    return missionEtag(access, 'plan', PLAN_FORMAT);
  }

  private async load(db: DbOrTx, access: MissionAccess, only?: string): Promise<MissionScenario[]> {
    const missionId = access.mission.id;
    const scenarios = await db
      .select()
      .from(missionScenarios)
      .where(
        and(
          eq(missionScenarios.missionId, missionId),
          isNull(missionScenarios.deletedAt),
          only ? eq(missionScenarios.id, only) : undefined,
        ),
      )
      .orderBy(asc(missionScenarios.position));
    // Only the columns the plan shows: the snapshots' text and JSON stay in the database.
    const tests = await db
      .select({
        id: missionTests.id,
        scenarioId: missionTests.scenarioId,
        position: missionTests.position,
        snapshotName: missionTests.snapshotName,
        state: missionTests.state,
        assigneeId: missionTests.assigneeId,
        plannedOn: missionTests.plannedOn,
        hiddenFromBlue: missionTests.hiddenFromBlue,
        includeInReport: missionTests.includeInReport,
        retestOfTestId: missionTests.retestOfTestId,
        templateKey: missionTests.templateKey,
        templateVersion: missionTests.templateVersion,
        version: missionTests.version,
        detectionLevelId: missionTests.detectionLevelId,
        expectedOutcomes: missionTests.expectedOutcomes,
      })
      .from(missionTests)
      .where(
        and(
          eq(missionTests.missionId, missionId),
          isNull(missionTests.deletedAt),
          access.seesHidden ? undefined : eq(missionTests.hiddenFromBlue, false),
          only ? eq(missionTests.scenarioId, only) : undefined,
        ),
      )
      .orderBy(asc(missionTests.position));
    // Tags of the mission's tests by join (not a list of 1,000 ids as parameters).
    const tags =
      tests.length === 0
        ? []
        : await db
            .select({
              testId: missionTestAttack.testId,
              kind: missionTestAttack.kind,
              externalId: missionTestAttack.externalId,
              name: missionTestAttack.name,
              url: missionTestAttack.url,
              attackRelease: missionTestAttack.attackRelease,
              tactics: missionTestAttack.tactics,
            })
            .from(missionTestAttack)
            .innerJoin(missionTests, eq(missionTests.id, missionTestAttack.testId))
            .where(
              and(
                eq(missionTests.missionId, missionId),
                isNull(missionTests.deletedAt),
                only ? eq(missionTests.scenarioId, only) : undefined,
              ),
            )
            .orderBy(asc(missionTestAttack.testId), asc(missionTestAttack.position));
    const tagsOf = new Map<string, AttackTagSnapshot[]>();
    for (const g of tags) {
      const list = tagsOf.get(g.testId) ?? [];
      list.push({
        kind: g.kind as AttackTagSnapshot['kind'],
        external_id: g.externalId,
        name: g.name,
        url: g.url,
        attack_release: g.attackRelease,
        tactics: g.tactics,
      });
      tagsOf.set(g.testId, list);
    }
    const expectation = await expectationStatuses(db, missionId, tests);
    const testsOf = new Map<string, typeof tests>();
    for (const t of tests) {
      const list = testsOf.get(t.scenarioId) ?? [];
      list.push(t);
      testsOf.set(t.scenarioId, list);
    }
    return scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      position: s.position,
      template_key: s.templateKey,
      template_version: s.templateVersion,
      tests: (testsOf.get(s.id) ?? []).map((t) => ({
        id: t.id,
        scenario_id: t.scenarioId,
        position: t.position,
        snapshot_name: t.snapshotName,
        state: t.state as TestState,
        assignee_id: t.assigneeId,
        planned_on: t.plannedOn,
        hidden_from_blue: t.hiddenFromBlue,
        include_in_report: t.includeInReport,
        retest_of_test_id: t.retestOfTestId,
        template_key: t.templateKey,
        template_version: t.templateVersion,
        mitre_tags: tagsOf.get(t.id) ?? [],
        version: t.version,
        detection_level_id: t.detectionLevelId,
        expectation_status: expectation.get(t.id) ?? null,
      })),
    }));
  }

  /** Snapshots a scenario template or a selection of test templates, in one transaction. */
  async addScenario(
    audit: AuditContext,
    missionId: string,
    body: AddScenarioRequest,
  ): Promise<MissionScenario> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const { tx, access } = w;
      let name = body.name ?? 'Selected tests';
      let description: string | null = null;
      let provenance: { id: string; key: string; version: number } | null = null;
      let ids: string[];
      if (body.scenario_template_id) {
        const [s] = await tx
          .select()
          .from(libraryScenarios)
          .where(eq(libraryScenarios.id, body.scenario_template_id));
        if (!s) {
          throw validationFailed([
            {
              path: 'body.scenario_template_id',
              message: 'is not a scenario template of the library',
            },
          ]);
        }
        name = body.name ?? s.name;
        description = s.description;
        provenance = { id: s.id, key: s.key, version: s.version };
        ids = (
          await tx
            .select({ id: libraryScenarioTests.testId })
            .from(libraryScenarioTests)
            .where(eq(libraryScenarioTests.scenarioId, s.id))
            .orderBy(asc(libraryScenarioTests.position))
        ).map((r) => r.id);
      } else {
        ids = body.test_template_ids ?? [];
      }
      const found =
        ids.length === 0
          ? []
          : await tx.select().from(libraryTests).where(inArray(libraryTests.id, ids));
      const byId = new Map(found.map((t) => [t.id, t]));
      const missing = ids.findIndex((id) => !byId.has(id));
      if (missing >= 0) {
        throw validationFailed([
          {
            path: `body.test_template_ids.${missing}`,
            message: 'is not a test template of the library',
          },
        ]);
      }
      const [last] = await tx
        .select({ p: max(missionScenarios.position) })
        .from(missionScenarios)
        .where(eq(missionScenarios.missionId, missionId));
      const now = this.ctx.clock.now();
      const scenarioId = newId();
      await tx.insert(missionScenarios).values({
        id: scenarioId,
        missionId,
        name,
        description,
        position: (last?.p ?? -1) + 1,
        templateId: provenance?.id ?? null,
        templateKey: provenance?.key ?? null,
        templateVersion: provenance?.version ?? null,
        createdAt: now,
        updatedAt: now,
      });
      const templates = ids.map((id) => byId.get(id)!);
      // In turn: a transaction's queries share one connection.
      const tag = await resolveSnapshotTags(
        tx,
        templates.flatMap((t) => t.attackIds),
      );
      const release = await currentRelease(tx, LIBRARY_ATTACK_DOMAIN);
      const hidden = access.mission.visibility === 'blind';
      await insertMissionTests(
        tx,
        templates.map((t, position) => {
          const test = snapshotTest(t, { missionId, scenarioId, position, hidden, now });
          return { test, tags: tagSnapshot(test.id, t.attackIds, tag, release?.version ?? null) };
        }),
      );
      await planChanged(w, {
        action: 'mission.scenario_added',
        targetId: missionId,
        missionId,
        after: {
          scenario_id: scenarioId,
          name,
          template_key: provenance?.key ?? null,
          tests: ids.length,
        },
      });
      const [scenario] = await this.load(tx, access, scenarioId);
      return scenario!;
    });
  }
}
