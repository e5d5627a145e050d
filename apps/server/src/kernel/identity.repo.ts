import { isPermission, type Permission, type RoleRef } from '@metamorph/contract';
import { asc, eq, sql } from 'drizzle-orm';
import { roles, userRoles, users } from '../db/schema/index.js';
import type { DbOrTx } from '../platform/tx.js';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** The user's roles and the union of their permissions. */
export async function loadUserRoles(
  db: DbOrTx,
  userId: string,
): Promise<{ roles: RoleRef[]; permissions: Set<Permission> }> {
  const rows = await db
    .select({ id: roles.id, key: roles.key, name: roles.name, permissions: roles.permissions })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(roles.name));
  const permissions = new Set<Permission>();
  for (const r of rows) for (const p of r.permissions) if (isPermission(p)) permissions.add(p);
  return { roles: rows.map(({ id, key, name }) => ({ id, key, name })), permissions };
}
