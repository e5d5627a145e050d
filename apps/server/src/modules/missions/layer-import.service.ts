import type { LayerImportResult, MissionScenario } from '@metamorph/contract';
import { and, asc, eq, inArray, isNull, max } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryTestAttack, libraryTests, missionScenarios } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { planChanged } from './plan-audit.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { currentRelease } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from '../library/index.js';
import { resolveSnapshotTags } from './snapshot-tags.js';
import { missionAccess, requireManage } from '../../kernel/mission-access.js';
import { parseNavigatorLayer } from './layer/parse.js';
import type { PlanService } from './plan.service.js';
import { insertMissionTests, snapshotTest, tagSnapshot } from './snapshot.js';

/** Plans a mission from an ATT&CK Navigator layer: one test per live technique of the layer. */
export class LayerImportService {
  constructor(
    private readonly ctx: AppContext,
    private readonly plan: PlanService,
  ) {}

  async import(audit: AuditContext, missionId: string, body: unknown): Promise<LayerImportResult> {
    // Visibility first (404), rights next (403), then the payload (422).
    requireManage(await missionAccess(this.ctx.db, audit.actor, missionId));
    const parsed = parseNavigatorLayer(JSON.stringify(body ?? null));
    if (!parsed.ok) throw validationFailed([{ path: 'body', message: parsed.error }]);
    const { layer } = parsed;
    const warnings = [...parsed.warnings];
    if (layer.domain && layer.domain !== LIBRARY_ATTACK_DOMAIN) {
      throw validationFailed([
        { path: 'body.domain', message: `is ${layer.domain}; missions plan Enterprise layers` },
      ]);
    }
    const enabled = layer.techniques.filter((t) => t.enabled);
    const skipped = layer.techniques.length - enabled.length;
    if (skipped > 0) warnings.push(`${skipped} disabled techniques of the layer were left out`);
    const ids = enabled.map((t) => t.external_id);
    const tag = await resolveSnapshotTags(this.ctx.db, ids);
    const unknown = ids.filter((id) => tag(id).status === 'unknown');
    const revoked = ids
      .filter((id) => tag(id).status === 'revoked')
      .map((id) => ({ external_id: id, revoked_by: tag(id).revoked_by }));
    const deprecated = ids.filter((id) => tag(id).status === 'deprecated');
    const planned = ids.filter((id) => tag(id).status === 'ok');
    if (planned.length === 0) {
      throw validationFailed([
        { path: 'body.techniques', message: 'holds no live ATT&CK technique to plan' },
      ]);
    }
    const scenarioId = newId();
    const result = await missionWrite(
      this.ctx,
      audit,
      missionId,
      { level: 'manage' },
      async (w) => {
        const { tx, access } = w;
        // The first library template (by name) tagged with exactly the technique.
        const rows = await tx
          .select({ externalId: libraryTestAttack.externalId, t: libraryTests })
          .from(libraryTestAttack)
          .innerJoin(libraryTests, eq(libraryTests.id, libraryTestAttack.testId))
          .where(inArray(libraryTestAttack.externalId, planned))
          .orderBy(asc(libraryTests.name), asc(libraryTests.id));
        const template = new Map<string, (typeof rows)[number]['t']>();
        for (const r of rows) if (!template.has(r.externalId)) template.set(r.externalId, r.t);
        const [last] = await tx
          .select({ p: max(missionScenarios.position) })
          .from(missionScenarios)
          .where(
            and(eq(missionScenarios.missionId, missionId), isNull(missionScenarios.deletedAt)),
          );
        const now = this.ctx.clock.now();
        await tx.insert(missionScenarios).values({
          id: scenarioId,
          missionId,
          name: layer.name,
          description: 'Planned from an ATT&CK Navigator layer.',
          position: (last?.p ?? -1) + 1,
          createdAt: now,
          updatedAt: now,
        });
        const release = (await currentRelease(tx, LIBRARY_ATTACK_DOMAIN))?.version ?? null;
        const allTags = await resolveSnapshotTags(
          tx,
          [...template.values()].flatMap((t) => t.attackIds),
        );
        const hidden = access.mission.visibility === 'blind';
        await insertMissionTests(
          tx,
          planned.map((id, position) => {
            const t = template.get(id);
            const at = { missionId, scenarioId, position, hidden, now };
            if (t) {
              const test = snapshotTest(t, at);
              return { test, tags: tagSnapshot(test.id, t.attackIds, allTags, release) };
            }
            const test = bareTest(id, tag(id).name ?? id, at);
            return { test, tags: tagSnapshot(test.id, [id], tag, release) };
          }),
        );
        await planChanged(w, {
          action: 'mission.layer_imported',
          targetId: missionId,
          missionId,
          after: {
            scenario_id: scenarioId,
            layer: layer.name,
            planned: planned.length,
            unknown,
            deprecated,
          },
        });
        return { fromLibrary: planned.filter((id) => template.has(id)) };
      },
    );
    const scenarios = await this.plan.plan(audit, missionId);
    const scenario = scenarios.scenarios.find((s) => s.id === scenarioId) as MissionScenario;
    return {
      scenario,
      from_library: result.fromLibrary,
      bare: planned.filter((id) => !result.fromLibrary.includes(id)),
      unknown,
      revoked,
      deprecated,
      warnings,
    };
  }
}

function bareTest(
  id: string,
  name: string,
  at: { missionId: string; scenarioId: string; position: number; hidden: boolean; now: Date },
) {
  return {
    id: newId(),
    missionId: at.missionId,
    scenarioId: at.scenarioId,
    position: at.position,
    snapshotName: `${id} ${name}`,
    snapshotDescription: 'Planned from a Navigator layer: write the procedure before running it.',
    snapshotOpsecLevel: 'medium',
    snapshotTags: [],
    snapshotExpectedIocs: [],
    snapshotPlatforms: [],
    snapshotInputArguments: [],
    snapshotDependencies: [],
    snapshotDetectionRefs: [],
    expectedOutcomes: [],
    hiddenFromBlue: at.hidden,
    version: 1,
    createdAt: at.now,
    updatedAt: at.now,
  };
}
