import type { RoleRef, UpdateUserRequest } from '@metamorph/contract';
import type { AuditEntry } from '../../platform/audit/audit.js';
import type { UserRow } from '../../kernel/identity.repo.js';
import { auditRoles } from './users.mapper.js';

export interface UserUpdatePlan {
  /** Plain column changes. */
  set: { displayName?: string; email?: string };
  email?: string;
  /** The new disabled state, when it changes. */
  disabled?: boolean;
  /** The new role set, when it changes. */
  roles?: { ids: string[]; refs: RoleRef[]; added: string[]; removed: string[] };
  /**
   * The request's one audit event: the specific action when one kind of thing changed
   * (`user.disabled`, `user.roles_changed`, …), else `user.updated` with every change.
   */
  event?: Omit<AuditEntry, 'targetId'>;
}

/** What a PATCH really changes (values equal to the current ones are no change). */
export function planUserUpdate(
  current: UserRow,
  currentRoles: RoleRef[],
  body: UpdateUserRequest,
  newRoles: RoleRef[] | undefined,
): UserUpdatePlan {
  const plan: UserUpdatePlan = { set: {} };
  const events: Omit<AuditEntry, 'targetId'>[] = [];
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
  if (Object.keys(after).length > 0) events.push({ action: 'user.updated', before, after });

  const wasDisabled = current.disabledAt !== null;
  if (body.disabled !== undefined && body.disabled !== wasDisabled) {
    plan.disabled = body.disabled;
    events.push({
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
      events.push({
        action: 'user.roles_changed',
        before: auditRoles(currentRoles),
        after: auditRoles(refs),
      });
    }
  }
  plan.event = events.length > 1 ? merge(events) : events[0];
  return plan;
}

function merge(events: Omit<AuditEntry, 'targetId'>[]): Omit<AuditEntry, 'targetId'> {
  return {
    action: 'user.updated',
    before: Object.assign({}, ...events.map((e) => e.before)) as Record<string, unknown>,
    after: Object.assign({}, ...events.map((e) => e.after)) as Record<string, unknown>,
  };
}
