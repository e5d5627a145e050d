import {
  DetectionLevel,
  DetectionLevelCreate,
  DetectionLevelDeleteQuery,
  DetectionLevelUpdate,
  IdParams,
} from '@metamorph/contract';
import type { App } from '../../context.js';
import type { LevelsService } from './levels.service.js';

/** Admin CRUD of detection levels (the list is public to signed-in users, in execution.routes). */
export function levelsRoutes(app: App, levels: LevelsService): void {
  const tags = ['settings'];
  const admin = { auth: 'user', permission: 'admin.settings' } as const;
  app.post(
    '/api/detection-levels',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a detection level',
        body: DetectionLevelCreate,
        response: { 201: DetectionLevel },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await levels.create(request.auditContext(), request.body)),
  );
  app.patch(
    '/api/detection-levels/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a detection level (its key is immutable)',
        params: IdParams,
        body: DetectionLevelUpdate,
        response: { 200: DetectionLevel },
      },
    },
    async (request) => levels.update(request.auditContext(), request.params.id, request.body),
  );
  app.delete(
    '/api/detection-levels/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a detection level; one in use needs ?replacement_id= (tests are remapped)',
        params: IdParams,
        querystring: DetectionLevelDeleteQuery,
      },
    },
    async (request, reply) => {
      await levels.remove(request.auditContext(), request.params.id, request.query.replacement_id);
      return reply.code(204).send();
    },
  );
}
