import { z } from 'zod';
import { PermissionSchema } from '../permissions.js';
import { IsoDateTime, Uuid } from './common.js';

export const ApiToken = z.object({
  id: Uuid,
  name: z.string(),
  /** The first characters of the secret, to recognise it in lists and logs. */
  prefix: z.string(),
  scopes: z.array(PermissionSchema),
  created_at: IsoDateTime,
  expires_at: IsoDateTime,
  last_used_at: IsoDateTime.nullable(),
  revoked_at: IsoDateTime.nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const CreateApiTokenRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** A subset of the creator's own permissions. */
  scopes: z.array(PermissionSchema).min(1).max(50),
  expires_in_days: z.number().int().min(1).max(366).default(90),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

/** The secret appears here once and never again. */
export const CreatedApiToken = z.object({ token: ApiToken, secret: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
