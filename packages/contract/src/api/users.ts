import { z } from 'zod';
import { Email, Password, RoleRef } from './auth.js';
import { IsoDateTime, Uuid } from './common.js';
import { PageQuery } from './paging.js';

export const DisplayName = z.string().trim().min(1).max(120);

export const User = z.object({
  id: Uuid,
  email: z.string(),
  display_name: z.string(),
  roles: z.array(RoleRef),
  disabled: z.boolean(),
  must_change_password: z.boolean(),
  has_password: z.boolean(),
  mfa_enabled: z.boolean(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  last_login_at: IsoDateTime.nullable(),
});
export type User = z.infer<typeof User>;

export const UserList = z.object({ items: z.array(User), next_cursor: z.string().nullable() });
export type UserList = z.infer<typeof UserList>;

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  disabled: z.enum(['true', 'false']).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const CreateUserRequest = z.strictObject({
  email: Email,
  display_name: DisplayName,
  role_ids: z.array(Uuid).max(50).default([]),
  /** Omit to have the server generate one; the user must change it at first login either way. */
  password: Password.optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** Shown once when the server generated the password. */
export const CreatedUser = z.object({ user: User, initial_password: z.string().nullable() });
export type CreatedUser = z.infer<typeof CreatedUser>;

export const UpdateUserRequest = z
  .strictObject({
    display_name: DisplayName,
    email: Email,
    disabled: z.boolean(),
    role_ids: z.array(Uuid).max(50),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ResetPasswordRequest = z.strictObject({ password: Password.optional() }).default({});
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;
export const ResetPasswordResponse = z.object({
  user: User,
  initial_password: z.string().nullable(),
});
export type ResetPasswordResponse = z.infer<typeof ResetPasswordResponse>;
