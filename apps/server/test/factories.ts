import { randomBytes } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { roles, userRoles, users } from '../src/db/schema/index.js';
import { hashPassword } from '../src/kernel/password.js';
import { newId } from '../src/platform/ids.js';
import type { TestApp } from './harness.js';

export const FACTORY_PASSWORD = 'Violet-Lantern-Orbit-42';
let cachedHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/**
 * Inserts a user with the given built-in role keys (admin, purple_lead, red_operator,
 * blue_analyst, viewer) straight into the database: fast, and independent of the users API.
 */
export async function createUser(
  t: TestApp,
  opts: {
    roleKeys?: string[];
    mustChangePassword?: boolean;
    disabled?: boolean;
    email?: string;
  } = {},
): Promise<TestUser> {
  cachedHash ??= hashPassword(FACTORY_PASSWORD);
  const id = newId();
  const email = opts.email ?? `user-${randomBytes(5).toString('hex')}@metamorph.test`;
  const now = t.clock.now();
  await t.ctx.db.insert(users).values({
    id,
    email,
    displayName: email.split('@')[0] ?? email,
    passwordHash: await cachedHash,
    mustChangePassword: opts.mustChangePassword ?? false,
    disabledAt: opts.disabled ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  const keys = opts.roleKeys ?? [];
  if (keys.length > 0) {
    const found = await t.ctx.db.select().from(roles).where(inArray(roles.key, keys));
    if (found.length !== keys.length) throw new Error(`unknown role keys in ${keys.join(',')}`);
    await t.ctx.db.insert(userRoles).values(found.map((r) => ({ userId: id, roleId: r.id })));
  }
  return { id, email, password: FACTORY_PASSWORD };
}
