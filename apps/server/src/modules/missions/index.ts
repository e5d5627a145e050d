import type { AppModule } from '../../context.js';
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
