import type { RoleRef, UpdateUserRequest } from '@metamorph/contract';
import type { AuditEntry } from '../../platform/audit/audit.js';
import type { UserRow } from '../auth/identity.repo.js';
import { auditRoles } from './users.mapper.js';

export interface UserUpdatePlan {
  /** Plain column changes. */
  set: { displayName?: string; email?: string };
  email?: string;
  /** The new disabled state, when it changes. */
  disabled?: boolean;
  /** The new role set, when it changes. */
  roles?: { ids: string[]; refs: RoleRef[]; added: string[]; removed: string[] };
  /** One audit event per kind of change, each with before/after of its fields only. */
  events: Omit<AuditEntry, 'targetId'>[];
}

/** What a PATCH really changes (values equal to the current ones are no change). */
export function planUserUpdate(
  current: UserRow,
  currentRoles: RoleRef[],
  body: UpdateUserRequest,
  newRoles: RoleRef[] | undefined,
): UserUpdatePlan {
  const plan: UserUpdatePlan = { set: {}, events: [] };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (body.display_name !== undefined && body.display_name !== current.displayName) {
    plan.set.displayName = body.display_name;
    before.display_name = current.displayName;
    after.display_name = body.display_name;
  }
  if (body.email !== undefined && body.email !== current.email) {
    plan.set.email = body.email;
    plan.email = body.email;
    before.email = current.email;
    after.email = body.email;
  }
  if (Object.keys(after).length > 0) plan.events.push({ action: 'user.updated', before, after });

  const wasDisabled = current.disabledAt !== null;
  if (body.disabled !== undefined && body.disabled !== wasDisabled) {
    plan.disabled = body.disabled;
    plan.events.push({
      action: body.disabled ? 'user.disabled' : 'user.enabled',
      before: { disabled: wasDisabled },
      after: { disabled: body.disabled },
    });
  }

  if (newRoles) {
    const currentIds = new Set(currentRoles.map((r) => r.id));
    const nextIds = new Set(newRoles.map((r) => r.id));
    const added = [...nextIds].filter((id) => !currentIds.has(id));
    const removed = [...currentIds].filter((id) => !nextIds.has(id));
    if (added.length > 0 || removed.length > 0) {
      const refs = [...newRoles].sort((a, b) => a.name.localeCompare(b.name));
      plan.roles = { ids: [...nextIds], refs, added, removed };
      plan.events.push({
        action: 'user.roles_changed',
        before: auditRoles(currentRoles),
        after: auditRoles(refs),
      });
    }
  }
  return plan;
}
