import { and, asc, count, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import { roles, userRoles } from '../../db/schema/index.js';
import type { DbOrTx } from '../../platform/tx.js';

export type RoleRow = typeof roles.$inferSelect;
export type NewRoleRow = typeof roles.$inferInsert;
export type RoleWithCount = RoleRow & { userCount: number };

const withCount = { ...getTableColumns(roles), userCount: count(userRoles.userId) };

export function listRoles(db: DbOrTx): Promise<RoleWithCount[]> {
  return db
    .select(withCount)
    .from(roles)
    .leftJoin(userRoles, eq(userRoles.roleId, roles.id))
    .groupBy(roles.id)
    .orderBy(asc(roles.name));
}

export async function findRole(db: DbOrTx, id: string): Promise<RoleWithCount | undefined> {
  const [row] = await db
    .select(withCount)
    .from(roles)
    .leftJoin(userRoles, eq(userRoles.roleId, roles.id))
    .where(eq(roles.id, id))
    .groupBy(roles.id);
  return row;
}

/** Another role (case-insensitively) already has this name. */
export async function roleNameTaken(db: DbOrTx, name: string, exceptId?: string): Promise<boolean> {
  const same = sql`lower(${roles.name}) = ${name.toLowerCase()}`;
  const [row] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(exceptId ? and(same, ne(roles.id, exceptId)) : same)
    .limit(1);
  return row !== undefined;
}

export async function insertRole(db: DbOrTx, values: NewRoleRow): Promise<RoleRow> {
  const [row] = await db.insert(roles).values(values).returning();
  if (!row) throw new Error('role insert returned nothing');
  return row;
}

export async function updateRole(
  db: DbOrTx,
  id: string,
  set: Partial<NewRoleRow>,
): Promise<RoleRow | undefined> {
  const [row] = await db.update(roles).set(set).where(eq(roles.id, id)).returning();
  return row;
}

export async function deleteRole(db: DbOrTx, id: string): Promise<void> {
  await db.delete(roles).where(eq(roles.id, id));
}

export async function userIdsWithRole(db: DbOrTx, roleId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: userRoles.userId })
    .from(userRoles)
    .where(eq(userRoles.roleId, roleId));
  return rows.map((r) => r.userId);
}
