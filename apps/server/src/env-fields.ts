import { z } from 'zod';

/** Field parsers of the environment schema (env.ts). */

export const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * `TRUST_PROXY` follows Fastify's `trustProxy`: `true`/`false`, a hop count,
 * or a comma-separated list of addresses / CIDR ranges.
 */
export const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): boolean | number | string[] => {
    if (v === '' || v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const parts = v.split(',').map((p) => p.trim());
    if (parts.some((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p))) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected true, false, a hop count or a list of IPs/CIDRs',
      });
      return z.NEVER;
    }
    return parts;
  });

export const optionalUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));
export const optionalText = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** `OIDC_ROLE_MAP`: `claim-value=role_key` pairs separated by commas. */
export const roleMap = z
  .string()
  .trim()
  .transform((v, ctx): [string, string][] => {
    if (v === '') return [];
    const pairs: [string, string][] = [];
    for (const part of v.split(',')) {
      const eq = part.lastIndexOf('=');
      const value = part.slice(0, eq).trim();
      const key = part.slice(eq + 1).trim();
      if (eq < 1 || value === '' || !/^[a-z][a-z0-9_]{0,49}$/.test(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected claim-value=role_key pairs separated by commas, got "${part.trim()}"`,
        });
        return z.NEVER;
      }
      pairs.push([value, key]);
    }
    return pairs;
  });

/** A 256-bit key as 64 hex characters or 43–44 characters of base64 / base64url. */
function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}

const KEY_MESSAGE = 'must be 32 random bytes as 64 hex characters (openssl rand -hex 32)';

/** `METAMORPH_SECRET_KEY`: one key; empty means none. */
export const secretKey = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const key = decodeKey(v);
    if (!key) ctx.addIssue({ code: 'custom', message: KEY_MESSAGE });
    return key;
  });

/** `METAMORPH_SECRET_KEY_PREVIOUS`: keys still accepted for reading, comma-separated. */
export const secretKeyList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parts = (v ?? '').split(',').filter((p) => p.trim() !== '');
    const keys: Buffer[] = [];
    for (const p of parts) {
      const key = decodeKey(p);
      if (key) keys.push(key);
      else ctx.addIssue({ code: 'custom', message: `each key ${KEY_MESSAGE}` });
    }
    return keys;
  });

export interface S3Env {
  /** Unset: AWS itself. Credentials come from the standard AWS variables and files. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Key prefix inside the bucket (empty, or ending with /). */
  prefix: string;
  forcePathStyle: boolean;
  /** Downloads redirect to a presigned URL (valid 60 s) instead of streaming through us. */
  presign: boolean;
}

export interface OidcEnv {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string;
  /** Explicit callback URL; else PUBLIC_URL or the request's origin + /api/auth/oidc/callback. */
  redirectUri: string | undefined;
  /** Shown on the button: "Sign in with <label>". */
  label: string;
  /** The claim holding group / role names (a string or an array of strings). */
  roleClaim: string;
  /** Claim value → role key, in the order given. */
  roleMap: [string, string][];
  /** Role key given when no mapped value matches and the user has no role; null: refuse. */
  defaultRole: string | null;
  /** Create accounts on first SSO sign-in. */
  jit: boolean;
}
