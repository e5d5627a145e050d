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
