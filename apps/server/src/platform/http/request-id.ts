import type { FastifyInstance } from 'fastify';

/** Echo the request id so clients and logs can be matched. */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
  });
}
