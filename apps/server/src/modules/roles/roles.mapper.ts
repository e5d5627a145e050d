import {
  PERMISSION_CATALOGUE,
  PERMISSIONS,
  isPermission,
  type Permission,
  type PermissionList,
  type Role,
} from '@metamorph/contract';
import type { RoleRow } from './roles.repo.js';

/** Stored permissions in catalogue order; a string the catalogue no longer knows is dropped. */
export function knownPermissions(stored: readonly string[]): Permission[] {
  const set = new Set(stored.filter(isPermission));
  return PERMISSIONS.filter((p) => set.has(p));
}

export function toRoleWire(row: RoleRow, userCount: number): Role {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    permissions: knownPermissions(row.permissions),
    builtin: row.builtin,
    user_count: userCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function permissionCatalogue(): PermissionList {
  return { items: PERMISSIONS.map((key) => ({ key, description: PERMISSION_CATALOGUE[key] })) };
}
