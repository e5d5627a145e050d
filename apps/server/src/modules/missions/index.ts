import type { AppModule } from '../../context.js';
import { clientsRoutes } from './clients.routes.js';
import { ClientsService } from './clients.service.js';
import { MembersService } from './members.service.js';
import { missionsRoutes } from './missions.routes.js';
import { MissionsService } from './missions.service.js';
import { PlanService } from './plan.service.js';

/** Clients, missions, members and the mission plan. */
export const missionsModule: AppModule = {
  name: 'missions',
  routes(app, ctx) {
    clientsRoutes(app, new ClientsService(ctx));
    missionsRoutes(app, {
      missions: new MissionsService(ctx),
      members: new MembersService(ctx),
      plan: new PlanService(ctx),
    });
  },
};
