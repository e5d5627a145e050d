import type { AppModule } from '../../context.js';
import { BulkService } from './bulk.service.js';
import { QueueService } from './queue.service.js';
import { workspaceRoutes } from './workspace.routes.js';

/** The exercise workspace: bulk actions on a mission's tests and each user's queue. */
export const workspaceModule: AppModule = {
  name: 'workspace',
  routes(app, ctx) {
    workspaceRoutes(app, { bulk: new BulkService(ctx), queue: new QueueService(ctx) });
  },
};
