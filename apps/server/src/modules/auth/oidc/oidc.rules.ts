import type { JsonObject } from 'openid-client';

/**
 * Where to land after signing in: only a same-origin relative path (`/missions?x=1`).
 * Anything else (absolute URLs, `//host`, `/\host`, control characters) becomes `/`.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  try {
    // Resolved against a dummy origin, a relative path must stay on it.
    const url = new URL(value, 'http://metamorph.invalid');
    if (url.origin !== 'http://metamorph.invalid') return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** The values of the role claim: a string, an array of strings, or a space/comma list. */
export function claimValues(claims: JsonObject, claim: string): string[] {
  // A dotted name reaches into nested objects (`realm_access.roles`).
  let value: unknown = claims;
  for (const part of claim.split('.')) {
    value =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Role keys granted by the claim values, in map order, without duplicates. */
export function mapRoles(
  values: readonly string[],
  roleMap: readonly [string, string][],
): string[] {
  const have = new Set(values);
  const keys: string[] = [];
  for (const [value, key] of roleMap) if (have.has(value) && !keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * The user's role keys after an SSO sign-in. Roles named in the map are managed by the
 * provider (granted or withdrawn), and so is the default role; other roles stay as an
 * administrator set them. A user left with no role gets the default one; null when
 * there is none (refuse).
 */
export function nextRoles(
  current: readonly string[],
  granted: readonly string[],
  roleMap: readonly [string, string][],
  defaultRole: string | null,
): string[] | null {
  const managed = new Set(roleMap.map(([, key]) => key));
  if (defaultRole) managed.add(defaultRole);
  const kept = current.filter((k) => !managed.has(k));
  const next = [...kept, ...granted.filter((k) => !kept.includes(k))];
  if (next.length > 0) return next;
  return defaultRole ? [defaultRole] : null;
}

export interface SsoProfile {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  displayName: string | null;
}

/** The identity facts Metamorph uses; `email_verified` counts only when it is literally true. */
export function profileFrom(claims: JsonObject): SsoProfile {
  const text = (v: unknown): string | null =>
    typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  const email = text(claims.email)?.toLowerCase() ?? null;
  return {
    subject: String(claims.sub),
    email,
    emailVerified: claims.email_verified === true,
    displayName: text(claims.name) ?? text(claims.preferred_username) ?? email,
  };
}
