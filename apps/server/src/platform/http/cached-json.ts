import type { FastifyReply, FastifyRequest } from 'fastify';

/** A JSON answer serialised once, and the ETag of that text. */
export interface CachedJson {
  etag: string;
  json: string;
}

/** Whether an If-None-Match header names this ETag (a list, weak or strong, or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  const want = bare(etag);
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === want);
}

/**
 * Sends a body serialised once (Fastify sends a string with a JSON content type as it is,
 * skipping the per-request response serialisation), or 304 when the client has it.
 * `private, no-cache`: the browser keeps it and revalidates every time (a per-user answer,
 * never for a shared cache). `body` may be a function, so a 304 never builds the body.
 */
export async function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  body: () => Promise<string> | string,
): Promise<FastifyReply> {
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(await body());
}
