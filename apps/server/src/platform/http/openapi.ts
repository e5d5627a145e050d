import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION } from '../../version.js';

/** OpenAPI 3.1 generated from the routes' zod schemas; served raw and through Swagger UI. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Metamorph API',
        version: VERSION,
        description:
          'Purple-team exercise platform. JSON field names are snake_case; errors are ' +
          'application/problem+json with a stable `code` and the `requestId`.',
      },
      servers: [],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { deepLinking: true, url: '/api/openapi.json' },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
