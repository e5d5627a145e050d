import type { AppModule } from '../../context.js';
import { auditRoutes } from './audit.routes.js';
import { AuditService } from './audit.service.js';

/** The audit log's read side: search and chain verification. */
export const auditModule: AppModule = {
  name: 'audit',
  routes(app, ctx) {
    auditRoutes(app, new AuditService(ctx));
  },
};
