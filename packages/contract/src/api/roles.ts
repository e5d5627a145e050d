import { z } from 'zod';
import { PermissionSchema } from '../permissions.js';
import { IsoDateTime, Uuid } from './common.js';

export const Role = z.object({
  id: Uuid,
  key: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(PermissionSchema),
  builtin: z.boolean(),
  user_count: z.number().int(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Role = z.infer<typeof Role>;

export const RoleList = z.object({ items: z.array(Role) });
export type RoleList = z.infer<typeof RoleList>;

const RoleName = z.string().trim().min(1).max(80);

export const CreateRoleRequest = z.strictObject({
  name: RoleName,
  description: z.string().trim().max(500).default(''),
  permissions: z.array(PermissionSchema).max(100),
});
export type CreateRoleRequest = z.infer<typeof CreateRoleRequest>;

export const UpdateRoleRequest = CreateRoleRequest.partial().refine(
  (v) => Object.keys(v).length > 0,
  { message: 'nothing to change' },
);
export type UpdateRoleRequest = z.infer<typeof UpdateRoleRequest>;

export const PermissionInfo = z.object({ key: PermissionSchema, description: z.string() });
export const PermissionList = z.object({ items: z.array(PermissionInfo) });
export type PermissionList = z.infer<typeof PermissionList>;
