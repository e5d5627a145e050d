import { AuditPage, AuditQuery, AuditVerifyQuery, AuditVerifyResponse } from '@metamorph/contract';
import type { App } from '../../context.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(app: App, audit: AuditService): void {
  const tags = ['audit'];

  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Search the audit log, newest first, with cursor paging (audit.read)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => audit.list(request.query),
  );

  app.get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary:
          "Recompute the audit log's hash chain and report the first broken event and the head (audit.read)",
        querystring: AuditVerifyQuery,
        response: { 200: AuditVerifyResponse },
      },
    },
    async (request) => audit.verify(request.query.anchor),
  );
}
