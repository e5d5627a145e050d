import {
  PERMISSIONS,
  type CreateRoleRequest,
  type Permission,
  type PermissionList,
  type Role,
  type RoleList,
  type UpdateRoleRequest,
} from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requireAnyPermission, requirePermission, type Actor } from '../../platform/authz.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { loadUserRoles } from '../../kernel/identity.repo.js';
import { SessionStore } from '../../kernel/sessions.js';
import {
  assertAdminsRemain,
  assertWithinOwn,
  holderCounts,
  lockIdentityAdmin,
} from '../../kernel/identity-guards.js';
import { isUniqueViolation } from '../../kernel/users.repo.js';
import { knownPermissions, permissionCatalogue, toRoleWire } from './roles.mapper.js';
import {
  deleteRole,
  findRole,
  insertRole,
  listRoles,
  roleNameTaken,
  updateRole,
  userIdsWithRole,
  type NewRoleRow,
} from './roles.repo.js';

export const ADMIN_ROLE_KEY = 'admin';
const duplicateName = () => conflict('Another role already has this name');

async function ownPermissions(db: DbOrTx, actor: Actor): Promise<ReadonlySet<Permission>> {
  return (await loadUserRoles(db, actor.userId)).permissions;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((p) => b.includes(p));

/** Roles and the permission catalogue. */
export class RolesService {
  private readonly sessions: SessionStore;
  constructor(private readonly ctx: AppContext) {
    this.sessions = new SessionStore(ctx.db, ctx.clock);
  }

  /** User admins see roles too: they assign them. */
  async list(audit: AuditContext): Promise<RoleList> {
    requireAnyPermission(audit.actor, ['admin.roles', 'admin.users']);
    const rows = await listRoles(this.ctx.db);
    return { items: rows.map((r) => toRoleWire(r, r.userCount)) };
  }

  permissions(): PermissionList {
    return permissionCatalogue();
  }

  async create(audit: AuditContext, body: CreateRoleRequest): Promise<Role> {
    const actor = requirePermission(audit.actor, 'admin.roles');
    const { ctx } = this;
    const permissions = knownPermissions(body.permissions);
    try {
      return await ctx.db.transaction(async (tx) => {
        assertWithinOwn(await ownPermissions(tx, actor), permissions, 'create this role');
        if (await roleNameTaken(tx, body.name)) throw duplicateName();
        const now = ctx.clock.now();
        const row = await insertRole(tx, {
          id: newId(),
          key: null,
          name: body.name,
          description: body.description,
          permissions,
          builtin: false,
          createdAt: now,
          updatedAt: now,
        });
        await appendAudit(tx, ctx.clock, audit, {
          action: 'role.created',
          targetId: row.id,
          after: { name: row.name, description: row.description, permissions },
        });
        return toRoleWire(row, 0);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateName();
      throw err;
    }
  }

  /**
   * Name, description, permissions. The Admin role keeps every permission; a
   * permission change gives every session of the role's users a new id.
   */
  async update(audit: AuditContext, id: string, body: UpdateRoleRequest): Promise<Role> {
    const actor = requirePermission(audit.actor, 'admin.roles');
    const { ctx } = this;
    try {
      return await ctx.db.transaction(async (tx) => {
        await lockIdentityAdmin(tx);
        const current = await findRole(tx, id);
        if (!current) throw notFound('Role');
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        const set: Partial<NewRoleRow> = {};
        if (body.name !== undefined && body.name !== current.name) {
          if (await roleNameTaken(tx, body.name, id)) throw duplicateName();
          set.name = after.name = body.name;
          before.name = current.name;
        }
        if (body.description !== undefined && body.description !== current.description) {
          set.description = after.description = body.description;
          before.description = current.description;
        }
        const oldPermissions = knownPermissions(current.permissions);
        const newPermissions = body.permissions && knownPermissions(body.permissions);
        if (newPermissions && !sameSet(oldPermissions, newPermissions)) {
          if (current.key === ADMIN_ROLE_KEY && newPermissions.length < PERMISSIONS.length) {
            throw conflict('The built-in Admin role always keeps every permission', {
              role: current.key,
            });
          }
          const changed = [
            ...newPermissions.filter((p) => !oldPermissions.includes(p)),
            ...oldPermissions.filter((p) => !newPermissions.includes(p)),
          ];
          assertWithinOwn(
            await ownPermissions(tx, actor),
            changed,
            "change this role's permissions",
          );
          set.permissions = after.permissions = newPermissions;
          before.permissions = oldPermissions;
        }
        if (Object.keys(after).length === 0) return toRoleWire(current, current.userCount);

        const holders = await holderCounts(tx);
        const row = await updateRole(tx, id, { ...set, updatedAt: ctx.clock.now() });
        if (!row) throw notFound('Role');
        if (set.permissions) {
          for (const userId of await userIdsWithRole(tx, id)) {
            await this.sessions.requireRotation(tx, userId);
          }
          await assertAdminsRemain(tx, holders);
        }
        await appendAudit(tx, ctx.clock, audit, {
          action: 'role.updated',
          targetId: id,
          before,
          after,
        });
        return toRoleWire(row, current.userCount);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateName();
      throw err;
    }
  }

  /** Only a custom role nobody holds can go. */
  async delete(audit: AuditContext, id: string): Promise<void> {
    requirePermission(audit.actor, 'admin.roles');
    const { ctx } = this;
    await ctx.db.transaction(async (tx) => {
      await lockIdentityAdmin(tx);
      const current = await findRole(tx, id);
      if (!current) throw notFound('Role');
      if (current.builtin)
        throw conflict('Built-in roles cannot be deleted', { role: current.key });
      if (current.userCount > 0) {
        throw conflict(
          `The role is assigned to ${current.userCount} user(s); remove it from them first`,
          { user_count: current.userCount },
        );
      }
      await deleteRole(tx, id);
      await appendAudit(tx, ctx.clock, audit, {
        action: 'role.deleted',
        targetId: id,
        before: {
          name: current.name,
          description: current.description,
          permissions: knownPermissions(current.permissions),
        },
      });
    });
  }
}
