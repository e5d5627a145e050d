import { z } from 'zod';
import { PermissionSchema } from '../permissions.js';
import { IsoDateTime, Uuid } from './common.js';

/** Emails are trimmed and compared case-insensitively; 254 is the SMTP limit. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'must be a valid email address' }))
  .transform((e) => e.toLowerCase());

/** Passwords are capped before hashing so a huge body cannot burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;
export const Password = z.string().min(1).max(PASSWORD_MAX_LENGTH);

export const LoginRequest = z.strictObject({ email: Email, password: Password });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RoleRef = z.object({ id: Uuid, key: z.string().nullable(), name: z.string() });
export type RoleRef = z.infer<typeof RoleRef>;

export const Me = z.object({
  id: Uuid,
  email: z.string(),
  display_name: z.string(),
  roles: z.array(RoleRef),
  permissions: z.array(PermissionSchema),
  must_change_password: z.boolean(),
  /** False for accounts that only sign in with SSO (MFA changes then ask for a code). */
  has_password: z.boolean(),
  /** A TOTP second factor is on for this account. */
  mfa_enabled: z.boolean(),
  /** `mfa.required` is on and this account has no second factor yet: enrol before anything else. */
  mfa_enrollment_required: z.boolean(),
  /** Unused recovery codes left (0 without MFA). */
  mfa_recovery_codes_left: z.number().int(),
  /** The rules a new password must meet, so forms can say them before the server does. */
  password_policy: z.object({ min_length: z.number().int() }),
  auth: z.object({
    method: z.enum(['session', 'token']),
    token_id: Uuid.nullable(),
    session_expires_at: IsoDateTime.nullable(),
  }),
});
export type Me = z.infer<typeof Me>;

/**
 * Login outcome. `mfa_required`: the password was right and the account has a second
 * factor; `user` is null and the (short-lived) session only allows `POST /api/auth/mfa`
 * and logout. `password_change_required` / `mfa_enrollment_required`: signed in, but
 * only the password change / two-factor setup (and `GET /api/auth/me`, logout) work
 * until it is done; the password change comes first.
 */
export const LoginResponse = z.object({
  status: z.enum(['ok', 'password_change_required', 'mfa_required', 'mfa_enrollment_required']),
  user: Me.nullable(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const ChangePasswordRequest = z.strictObject({
  current_password: Password,
  new_password: Password,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const SessionInfo = z.object({
  id: Uuid,
  created_at: IsoDateTime,
  last_seen_at: IsoDateTime,
  expires_at: IsoDateTime,
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionList = z.object({ items: z.array(SessionInfo) });

export const LogoutRequest = z.strictObject({ everywhere: z.boolean().default(false) }).default({
  everywhere: false,
});
