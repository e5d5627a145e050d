import {
  MissionCreate,
  type NextTests,
  type NextTestsPlan,
  type NextTestsPlanResult,
  type NextTestsQuery,
} from '@metamorph/contract';
import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryTests, missions } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { notFound, validationFailed } from '../../platform/errors.js';
import { addScenarioToMission, createMission } from '../missions/index.js';
import { writableClient } from './client-access.js';
import type { ThreatCoverageService } from './coverage.service.js';
import { rankNextTests } from './next-tests.js';
import { templatesFor } from './templates.repo.js';
import { judgeTechniques } from './threat-score.js';

/** What to test next for a profile, and the action that plans it. */
export class NextTestsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly coverage: ThreatCoverageService,
  ) {}

  async list(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    q: NextTestsQuery,
  ): Promise<NextTests> {
    const b = await this.coverage.basis(audit, clientId, profileId, q);
    const order = b.scope.missions.map((m) => m.id);
    const judged = judgeTechniques(
      b.techs,
      b.facts,
      q.rule,
      q.basis,
      order,
      b.minLevel?.rank ?? null,
    );
    const platforms = q.platforms ?? [];
    const templates = await templatesFor(
      this.ctx.db,
      b.techs.map((t) => t.techniqueId),
      platforms,
    );
    const now = this.ctx.clock.now();
    return {
      profile: { id: b.profile.id, name: b.profile.name, version: b.profile.version },
      rule: q.rule,
      basis: q.basis,
      min_level: b.minLevel,
      stale_days: q.stale_days ?? null,
      platforms,
      as_of: now.toISOString(),
      items: rankNextTests(b.techs, judged, templates, { now, staleDays: q.stale_days ?? null }),
    };
  }

  /**
   * Checks the client (403/404), the profile (404), the templates and the mission (422: not the
   * client's, not planned or active) before writing; then the missions module snapshots the
   * templates (its own checks: 404 / 403 for a mission the caller does not lead).
   */
  async plan(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    body: NextTestsPlan,
  ): Promise<NextTestsPlanResult> {
    const { db } = this.ctx;
    await writableClient(db, audit.actor, clientId);
    await this.coverage.profileExists(audit, clientId, profileId);
    const ids = [...new Set(body.template_ids)];
    const found = new Set(
      (
        await db
          .select({ id: libraryTests.id })
          .from(libraryTests)
          .where(inArray(libraryTests.id, ids))
      ).map((r) => r.id),
    );
    const missing = body.template_ids.findIndex((id) => !found.has(id));
    if (missing >= 0) {
      throw validationFailed([
        { path: `body.template_ids.${missing}`, message: 'is not a test template of the library' },
      ]);
    }
    let missionId = body.mission_id;
    if (missionId) {
      const [m] = await db
        .select({
          clientId: missions.clientId,
          status: missions.status,
          deletedAt: missions.deletedAt,
        })
        .from(missions)
        .where(eq(missions.id, missionId));
      if (!m || m.deletedAt) throw notFound('Mission');
      if (m.clientId !== clientId) {
        throw validationFailed([
          { path: 'body.mission_id', message: 'is a mission of another client' },
        ]);
      }
      if (m.status !== 'planned' && m.status !== 'active') {
        throw validationFailed([
          {
            path: 'body.mission_id',
            message: `is ${m.status}; plan into a planned or active mission`,
          },
        ]);
      }
    }
    const created = !missionId;
    if (!missionId) {
      const mission = await createMission(
        this.ctx,
        audit,
        MissionCreate.parse({ client_id: clientId, name: body.mission_name }),
      );
      missionId = mission.id;
    }
    const scenario = await addScenarioToMission(this.ctx, audit, missionId, {
      test_template_ids: ids,
      name: body.scenario_name ?? 'Threat profile next tests',
    });
    return { mission_id: missionId, created_mission: created, scenario };
  }
}
