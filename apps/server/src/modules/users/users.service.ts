import {
  isPermission,
  type CreateUserRequest,
  type CreatedUser,
  type Permission,
  type ResetPasswordResponse,
  type RoleRef,
  type UpdateUserRequest,
  type User,
  type UserList,
  type UserListQuery,
} from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requirePermission, type Actor } from '../../platform/authz.js';
import { conflict, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { findUserById, loadUserRoles } from '../../kernel/identity.repo.js';
import { assertPasswordPolicy, generatePassword, hashPassword } from '../../kernel/password.js';
import { SessionStore } from '../../kernel/sessions.js';
import {
  assertAdminsRemain,
  assertWithinOwn,
  holderCounts,
  lockIdentityAdmin,
} from '../../kernel/identity-guards.js';
import { auditRoles, decodeCursor, encodeCursor, toUserWire } from './users.mapper.js';
import {
  emailTaken,
  findRolesByIds,
  insertUser,
  isUniqueViolation,
  listUsers,
  rolesOfUsers,
  setUserRoles,
  updateUser,
  type NewUserRow,
  type RoleRow,
} from '../../kernel/users.repo.js';
import { planUserUpdate } from './user-update.js';

const duplicateEmail = () => conflict('Another account already uses this email address');

export const rolePermissions = (role: { permissions: string[] }): Permission[] =>
  role.permissions.filter(isPermission);

const toRef = (r: RoleRow): RoleRef => ({ id: r.id, key: r.key, name: r.name });
const byName = (a: RoleRef, b: RoleRef) => a.name.localeCompare(b.name);

/** What the caller's account holds (not capped by a token: scopes only gate the route). */
export async function ownPermissions(db: DbOrTx, actor: Actor): Promise<ReadonlySet<Permission>> {
  if (actor.via === 'cli') return actor.permissions; // the shell operator has no account
  return (await loadUserRoles(db, actor.userId)).permissions;
}

/** The roles for these ids, or 422 naming `body.role_ids` when one does not exist. */
export async function existingRoles(db: DbOrTx, ids: string[]): Promise<RoleRow[]> {
  const rows = await findRolesByIds(db, ids);
  const found = new Set(rows.map((r) => r.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw validationFailed([
      { path: 'body.role_ids', message: `unknown role ${unknown.join(', ')}` },
    ]);
  }
  return rows;
}

/** Admin management of accounts (admin.users). */
export class UsersService {
  private readonly sessions: SessionStore;
  constructor(private readonly ctx: AppContext) {
    this.sessions = new SessionStore(ctx.db, ctx.clock);
  }

  async list(audit: AuditContext, query: UserListQuery): Promise<UserList> {
    requirePermission(audit.actor, 'admin.users');
    const afterEmail = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && afterEmail === undefined) {
      throw validationFailed([{ path: 'query.cursor', message: 'is not a cursor from this API' }]);
    }
    const rows = await listUsers(this.ctx.db, {
      q: query.q || undefined,
      disabled: query.disabled === undefined ? undefined : query.disabled === 'true',
      afterEmail,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const roles = await rolesOfUsers(
      this.ctx.db,
      items.map((r) => r.id),
    );
    const last = items.at(-1);
    return {
      items: items.map((r) => toUserWire(r, roles.get(r.id) ?? [])),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.email) : null,
    };
  }

  async get(audit: AuditContext, id: string): Promise<User> {
    requirePermission(audit.actor, 'admin.users');
    const row = await findUserById(this.ctx.db, id);
    if (!row) throw notFound('User');
    const { roles } = await loadUserRoles(this.ctx.db, id);
    return toUserWire(row, roles);
  }

  /** Admin-created accounts always change their password at first sign-in. */
  async create(audit: AuditContext, body: CreateUserRequest): Promise<CreatedUser> {
    const actor = requirePermission(audit.actor, 'admin.users');
    const { ctx } = this;
    const roleIds = [...new Set(body.role_ids)];
    // Cheap checks before the costly hash; repeated in the transaction against races.
    await this.checkNewUser(ctx.db, actor, body.email, roleIds);
    const minLength = (await ctx.settings.get())['password.min_length'];
    if (body.password !== undefined) {
      assertPasswordPolicy('body.password', body.password, body.email, minLength);
    }
    const password = body.password ?? generatePassword(minLength);
    const passwordHash = await hashPassword(password);
    try {
      const user = await ctx.db.transaction(async (tx) => {
        await lockIdentityAdmin(tx); // a role cannot be deleted under us
        const roleRows = await this.checkNewUser(tx, actor, body.email, roleIds);
        const now = ctx.clock.now();
        const row = await insertUser(tx, {
          id: newId(),
          email: body.email,
          displayName: body.display_name,
          passwordHash,
          mustChangePassword: true,
          createdAt: now,
          updatedAt: now,
        });
        await setUserRoles(tx, row.id, roleIds);
        const refs = roleRows.map(toRef).sort(byName);
        await appendAudit(tx, ctx.clock, audit, {
          action: 'user.created',
          targetId: row.id,
          after: {
            email: row.email,
            display_name: row.displayName,
            must_change_password: true,
            password_source: body.password === undefined ? 'generated' : 'provided',
            ...auditRoles(refs),
          },
        });
        return toUserWire(row, refs);
      });
      return { user, initial_password: body.password === undefined ? password : null };
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateEmail();
      throw err;
    }
  }

  private async checkNewUser(
    db: DbOrTx,
    actor: Actor,
    email: string,
    roleIds: string[],
  ): Promise<RoleRow[]> {
    const roleRows = await existingRoles(db, roleIds);
    assertWithinOwn(
      await ownPermissions(db, actor),
      roleRows.flatMap(rolePermissions),
      'grant these roles',
    );
    if (await emailTaken(db, email)) throw duplicateEmail();
    return roleRows;
  }

  /**
   * Profile, status and roles. Disabling ends every session at once; a role change
   * gives each of the user's sessions a new id at its next request.
   */
  async update(audit: AuditContext, id: string, body: UpdateUserRequest): Promise<User> {
    const actor = requirePermission(audit.actor, 'admin.users');
    if (body.disabled === true && id === actor.userId) {
      throw conflict('You cannot disable your own account');
    }
    const { ctx } = this;
    try {
      return await ctx.db.transaction(async (tx) => {
        await lockIdentityAdmin(tx);
        const current = await findUserById(tx, id);
        if (!current) throw notFound('User');
        const own = await ownPermissions(tx, actor);
        const { roles: currentRoles, permissions } = await loadUserRoles(tx, id);
        assertWithinOwn(own, permissions, 'manage this user');
        const newRoles = body.role_ids && (await existingRoles(tx, [...new Set(body.role_ids)]));
        const plan = planUserUpdate(current, currentRoles, body, newRoles?.map(toRef));
        if (plan.roles) {
          const removed = await findRolesByIds(tx, plan.roles.removed);
          const added = (newRoles ?? []).filter((r) => plan.roles?.added.includes(r.id));
          assertWithinOwn(
            own,
            [...added, ...removed].flatMap(rolePermissions),
            'change these roles',
          );
        }
        if (plan.email !== undefined && (await emailTaken(tx, plan.email, id))) {
          throw duplicateEmail();
        }
        if (!plan.event) return toUserWire(current, currentRoles);

        const before = await holderCounts(tx);
        const now = ctx.clock.now();
        const set: Partial<NewUserRow> = { ...plan.set, updatedAt: now };
        if (plan.disabled !== undefined) set.disabledAt = plan.disabled ? now : null;
        const row = await updateUser(tx, id, set);
        if (!row) throw notFound('User');
        if (plan.roles) {
          await setUserRoles(tx, id, plan.roles.ids);
          await this.sessions.requireRotation(tx, id);
        }
        if (plan.disabled === true) await this.sessions.revokeAll(tx, id);
        await assertAdminsRemain(tx, before);
        await appendAudit(tx, ctx.clock, audit, { ...plan.event, targetId: id });
        return toUserWire(row, plan.roles ? plan.roles.refs : currentRoles);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateEmail();
      throw err;
    }
  }

  /** Sets a new password (given or generated), forces a change at next sign-in, ends sessions. */
  async resetPassword(
    audit: AuditContext,
    id: string,
    body: { password?: string | undefined },
  ): Promise<ResetPasswordResponse> {
    const actor = requirePermission(audit.actor, 'admin.users');
    const { ctx } = this;
    const target = await findUserById(ctx.db, id);
    if (!target) throw notFound('User');
    if (id === actor.userId) {
      throw conflict('Change your own password with POST /api/auth/password');
    }
    const targetPermissions = (await loadUserRoles(ctx.db, id)).permissions;
    const own = await ownPermissions(ctx.db, actor);
    assertWithinOwn(own, targetPermissions, 'reset the password of this user');
    const minLength = (await ctx.settings.get())['password.min_length'];
    if (body.password !== undefined) {
      assertPasswordPolicy('body.password', body.password, target.email, minLength);
    }
    const password = body.password ?? generatePassword(minLength);
    const passwordHash = await hashPassword(password);
    return ctx.db.transaction(async (tx) => {
      const current = await findUserById(tx, id);
      if (!current) throw notFound('User');
      const { roles, permissions } = await loadUserRoles(tx, id);
      assertWithinOwn(
        await ownPermissions(tx, actor),
        permissions,
        'reset the password of this user',
      );
      const now = ctx.clock.now();
      const row = await updateUser(tx, id, {
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: now,
        updatedAt: now,
      });
      if (!row) throw notFound('User');
      await this.sessions.revokeAll(tx, id);
      await appendAudit(tx, ctx.clock, audit, {
        action: 'user.password_reset',
        targetId: id,
        before: { must_change_password: current.mustChangePassword },
        after: {
          must_change_password: true,
          password_source: body.password === undefined ? 'generated' : 'provided',
        },
      });
      return {
        user: toUserWire(row, roles),
        initial_password: body.password === undefined ? password : null,
      };
    });
  }
}
