import type { RoleRef } from '@metamorph/contract';
import {
  and,
  asc,
  eq,
  gt,
  ilike,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { roles, userRoles, users } from '../db/schema/index.js';
import type { DbOrTx } from '../platform/tx.js';
import type { UserRow } from './identity.repo.js';

export type NewUserRow = typeof users.$inferInsert;
export type RoleRow = typeof roles.$inferSelect;

export interface UserListFilter {
  q?: string;
  disabled?: boolean;
  afterEmail?: string;
  limit: number;
}

/** `%`, `_` and `\` match literally in a user's search text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Users ordered by email (stored lower-cased, unique), after the cursor's email. */
export function listUsers(db: DbOrTx, f: UserListFilter): Promise<UserRow[]> {
  const where: SQL[] = [];
  if (f.q) {
    const pattern = likePattern(f.q);
    const match = or(ilike(users.email, pattern), ilike(users.displayName, pattern));
    if (match) where.push(match);
  }
  if (f.disabled !== undefined) {
    where.push(f.disabled ? isNotNull(users.disabledAt) : isNull(users.disabledAt));
  }
  if (f.afterEmail !== undefined) where.push(gt(users.email, f.afterEmail));
  return db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.email))
    .limit(f.limit);
}

/** The roles of several users at once, each list ordered by role name. */
export async function rolesOfUsers(db: DbOrTx, userIds: string[]): Promise<Map<string, RoleRef[]>> {
  const out = new Map<string, RoleRef[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: userRoles.userId, id: roles.id, key: roles.key, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(asc(roles.name));
  for (const { userId, ...role } of rows) out.get(userId)?.push(role);
  return out;
}

export function findRolesByIds(db: DbOrTx, ids: string[]): Promise<RoleRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(roles).where(inArray(roles.id, ids));
}

/** Another account (case-insensitively) already using the email. */
export async function emailTaken(db: DbOrTx, email: string, exceptId?: string): Promise<boolean> {
  const same = sql`lower(${users.email}) = ${email.toLowerCase()}`;
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(exceptId ? and(same, ne(users.id, exceptId)) : same)
    .limit(1);
  return row !== undefined;
}

export async function insertUser(db: DbOrTx, values: NewUserRow): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}

export async function updateUser(
  db: DbOrTx,
  id: string,
  set: Partial<NewUserRow>,
): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set(set).where(eq(users.id, id)).returning();
  return row;
}

/** Replaces the user's role set. */
export async function setUserRoles(db: DbOrTx, userId: string, roleIds: string[]): Promise<void> {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roleIds.length > 0) {
    await db.insert(userRoles).values(roleIds.map((roleId) => ({ userId, roleId })));
  }
}

/** A unique-index violation (a concurrent insert won the race), through Drizzle's wrapper. */
export { isUniqueViolation } from '../platform/db-errors.js';
