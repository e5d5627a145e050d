import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@metamorph/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';

const NON_SPA_PREFIXES = ['/api/', '/api', '/healthz', '/readyz', '/assets/'];

function wantsSpa(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url.split('?')[0] ?? '/';
  if (NON_SPA_PREFIXES.some((p) => url === p || url.startsWith(p.endsWith('/') ? p : `${p}/`))) {
    return false;
  }
  // A path ending in a file extension (`.png`, `.js`) is a missing file, not a client-side
  // route; ids with dots (`T1059.001`) are routes.
  return !/\.[a-z][a-z0-9]{0,7}$/i.test(path.posix.basename(url));
}

/**
 * Serves the built SPA: hashed assets cached for a year, index.html never cached,
 * deep links answered with index.html; everything else unknown is a problem+json 404.
 */
export async function registerSpaAndNotFound(app: FastifyInstance, distDir: string): Promise<void> {
  const hasSpa = existsSync(path.join(distDir, 'index.html'));
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders(res, filePath) {
        const rel = path.relative(distDir, filePath);
        res.setHeader(
          'cache-control',
          rel.startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.log.warn({ distDir }, 'web UI not built: run `npm run build` to serve it');
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    // Checked per request: a rebuild may remove index.html for a moment.
    if (hasSpa && wantsSpa(request) && existsSync(path.join(distDir, 'index.html'))) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(
      reply,
      ErrorCode.NotFound,
      `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`,
    );
  });
}
