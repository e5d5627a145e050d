import type { FastifyReply } from 'fastify';

export interface CookiePolicy {
  name: string;
  secure: boolean;
}

/** `__Host-` pins the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure). */
export function cookiePolicy(publicUrl: string | undefined): CookiePolicy {
  const secure = publicUrl?.startsWith('https:') ?? false;
  return { name: secure ? '__Host-metamorph_session' : 'metamorph_session', secure };
}

export function setSessionCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(policy.name, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(policy.name, {
    httpOnly: true,
    sameSite: 'lax',
    secure: policy.secure,
    path: '/',
  });
}
