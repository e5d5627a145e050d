import type {
  AddScenarioRequest,
  Mission,
  MissionCreate,
  MissionScenario,
} from '@metamorph/contract';
import type { AppContext, AppModule } from '../../context.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { AssetsService } from './assets.service.js';
import { clientsRoutes } from './clients.routes.js';
import { CloneService } from './clone.service.js';
import { LayerImportService } from './layer-import.service.js';
import { PlanEditService } from './plan-edit.service.js';
import { planRoutes } from './plan.routes.js';
import { ClientsService } from './clients.service.js';
import { MembersService } from './members.service.js';
import { missionsRoutes } from './missions.routes.js';
import { MissionsService } from './missions.service.js';
import { PlanService } from './plan.service.js';

export { missionTestsImpactProvider } from './impact.js';
export { registerMissionGuard } from './guard.js';
export { createRetestMission, type RetestCopy } from './retest-copy.js';
export { insertImportedTests, type ImportedTestSpec } from './imported-tests.js';
export { parseNavigatorLayer, LAYER_MAX_BYTES } from './layer/parse.js';

/** Creates a mission (mission.create; the creator leads it), as POST /api/missions. */
export function createMission(
  ctx: AppContext,
  audit: AuditContext,
  body: MissionCreate,
): Promise<Mission> {
  return new MissionsService(ctx).create(audit, body);
}

/** Snapshots test templates into a new scenario of the mission, as POST …/scenarios. */
export function addScenarioToMission(
  ctx: AppContext,
  audit: AuditContext,
  missionId: string,
  body: AddScenarioRequest,
): Promise<MissionScenario> {
  return new PlanService(ctx).addScenario(audit, missionId, body);
}

/** Clients, missions, members and the mission plan. */
export const missionsModule: AppModule = {
  name: 'missions',
  routes(app, ctx) {
    clientsRoutes(app, new ClientsService(ctx));
    const plan = new PlanService(ctx);
    const missions = new MissionsService(ctx);
    missionsRoutes(app, {
      missions,
      members: new MembersService(ctx),
      plan,
      clone: new CloneService(ctx, missions),
    });
    planRoutes(app, {
      assets: new AssetsService(ctx),
      edit: new PlanEditService(ctx),
      plan,
      layer: new LayerImportService(ctx, plan),
    });
  },
};
