import { ErrorCode } from '@metamorph/contract';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-requested-with';

export function isUnsafe(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/**
 * CSRF defence for cookie-authenticated writes (and the login form):
 * 1. a custom header (`X-Requested-With`) must be present — a cross-site form or
 *    image cannot set it, and a cross-site fetch with it needs a CORS preflight we never grant;
 * 2. when the browser says where the request comes from (`Origin`, `Sec-Fetch-Site`),
 *    it must be this site.
 */
export function assertSameOrigin(request: FastifyRequest, publicUrl: string | undefined): void {
  const reject = (why: string) => {
    throw new DomainError(ErrorCode.CsrfRejected, why);
  };
  if (!request.headers[CSRF_HEADER]) {
    reject(`Cookie-authenticated writes must send the ${CSRF_HEADER} header`);
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') reject('Cross-site requests are not accepted');
  const origin = request.headers.origin;
  if (origin) {
    const expected = publicUrl
      ? new URL(publicUrl).origin
      : `${request.protocol}://${request.host}`;
    if (origin !== expected) reject(`Origin ${origin} is not this site`);
  }
}
