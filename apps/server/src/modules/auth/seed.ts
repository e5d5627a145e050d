import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ROLES, PERMISSIONS } from '@metamorph/contract';
import { and, arrayContains, count, eq, not, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { roles, userRoles, users } from '../../db/schema/index.js';
import { appendAudit, systemAuditContext } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';
import { assertPasswordPolicy, generatePassword, hashPassword } from '../../kernel/password.js';

export const INITIAL_ADMIN_FILE = 'initial-admin.txt';

/** Built-in roles are inserted once; the Admin role always keeps every permission. */
export async function seedRoles(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insert(roles)
    .values(
      DEFAULT_ROLES.map((r) => ({
        id: newId(),
        key: r.key,
        name: r.name,
        description: r.description,
        permissions: r.permissions,
        builtin: true,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing();
  await ctx.db
    .update(roles)
    .set({ permissions: [...PERMISSIONS] })
    .where(and(eq(roles.key, 'admin'), not(arrayContains(roles.permissions, [...PERMISSIONS]))));
}

/**
 * On an empty user table, creates the first admin: from METAMORPH_ADMIN_EMAIL /
 * METAMORPH_ADMIN_PASSWORD, or with a random password that is printed once and
 * written to DATA_DIR/initial-admin.txt (mode 0600) and must be changed at first login.
 */
export async function seedFirstAdmin(ctx: AppContext): Promise<void> {
  const [existing] = await ctx.db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return;
  const email = (ctx.env.initialAdmin.email ?? 'admin@metamorph.local').toLowerCase();
  const given = ctx.env.initialAdmin.password;
  const minLength = (await ctx.settings.get())['password.min_length'];
  if (given) assertPasswordPolicy('METAMORPH_ADMIN_PASSWORD', given, email, minLength);
  const password = given ?? generatePassword(minLength);
  const hash = await hashPassword(password);
  const created = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7342118003)`);
    const [again] = await tx.select({ n: count() }).from(users);
    if ((again?.n ?? 0) > 0) return false; // another instance won the race
    const [adminRole] = await tx.select().from(roles).where(eq(roles.key, 'admin'));
    if (!adminRole) throw new Error('the Admin role is missing; seed roles first');
    const now = ctx.clock.now();
    const id = newId();
    await tx.insert(users).values({
      id,
      email,
      displayName: 'Administrator',
      passwordHash: hash,
      mustChangePassword: !given,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(userRoles).values({ userId: id, roleId: adminRole.id });
    await appendAudit(tx, ctx.clock, systemAuditContext, {
      action: 'system.initial_admin_created',
      targetId: id,
      after: { email, password_source: given ? 'environment' : 'generated' },
    });
    return true;
  });
  if (!created || given) return;
  const file = path.join(ctx.env.dataDir, INITIAL_ADMIN_FILE);
  mkdirSync(ctx.env.dataDir, { recursive: true });
  writeFileSync(
    file,
    `Metamorph initial administrator\nemail: ${email}\npassword: ${password}\n` +
      'You must choose a new password at first sign-in. Delete this file afterwards.\n',
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  ctx.announce?.(
    `First admin created: ${email} / ${password}\n` +
      `  (also written to ${file}; you must change it at first sign-in)`,
  );
}
