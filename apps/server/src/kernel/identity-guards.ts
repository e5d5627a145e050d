import type { Permission } from '@metamorph/contract';
import { and, countDistinct, eq, isNull, sql } from 'drizzle-orm';
import { roles, userRoles, users } from '../db/schema/index.js';
import { conflict, forbidden } from '../platform/errors.js';
import type { DbOrTx } from '../platform/tx.js';

/**
 * Permissions that must always have at least one enabled holder, or nobody could
 * ever administer accounts and roles again.
 */
export const GUARDED_PERMISSIONS = ['admin.users', 'admin.roles'] as const satisfies Permission[];
type Guarded = (typeof GUARDED_PERMISSIONS)[number];
export type HolderCounts = Record<Guarded, number>;

const IDENTITY_ADMIN_LOCK = 7_342_118_004;

/**
 * Serialises the commands that could remove the last administrator, so two admins
 * demoting each other at the same moment cannot both pass the check.
 */
export async function lockIdentityAdmin(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${IDENTITY_ADMIN_LOCK})`);
}

async function countEnabledHolders(tx: DbOrTx, perm: Permission): Promise<number> {
  const [row] = await tx
    .select({ n: countDistinct(users.id) })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(isNull(users.disabledAt), sql`${perm} = any(${roles.permissions})`));
  return row?.n ?? 0;
}

export async function holderCounts(tx: DbOrTx): Promise<HolderCounts> {
  // Sequential: a transaction is one connection.
  return {
    'admin.users': await countEnabledHolders(tx, 'admin.users'),
    'admin.roles': await countEnabledHolders(tx, 'admin.roles'),
  };
}

/** Call after the change, inside its transaction: throwing rolls the change back. */
export async function assertAdminsRemain(tx: DbOrTx, before: HolderCounts): Promise<void> {
  const after = await holderCounts(tx);
  for (const perm of GUARDED_PERMISSIONS) {
    if (before[perm] > 0 && after[perm] === 0) {
      throw conflict(
        `This change would leave no enabled user holding ${perm}; give it to another account first`,
        { permission: perm },
      );
    }
  }
}

/**
 * Nobody hands out, takes away or manages what their own account does not hold:
 * a user admin without the Admin role cannot grant it, nor take over an admin by
 * resetting their password.
 */
export function assertWithinOwn(
  own: ReadonlySet<Permission>,
  perms: Iterable<Permission>,
  what: string,
): void {
  const missing = [...new Set(perms)].filter((p) => !own.has(p)).sort();
  if (missing.length > 0) {
    throw forbidden(
      `You cannot ${what}: it involves permissions you do not hold (${missing.join(', ')})`,
    );
  }
}
