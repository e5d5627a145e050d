import type { User } from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requirePermission } from '../../platform/authz.js';
import { conflict, notFound } from '../../platform/errors.js';
import { findUserById, loadUserRoles } from '../../kernel/identity.repo.js';
import { clearMfa } from '../auth/index.js';
import { SessionStore } from '../../kernel/sessions.js';
import { assertWithinOwn } from '../../kernel/identity-guards.js';
import { toUserWire } from './users.mapper.js';
import { ownPermissions } from './users.service.js';

/**
 * Admin reset of a user's second factor (lost phone and recovery codes): the secret and
 * recovery codes go, every session of the user ends; they sign in with the password alone
 * and enrol again (at once when `mfa.required` is on).
 */
export async function resetUserMfa(
  ctx: AppContext,
  audit: AuditContext,
  id: string,
): Promise<User> {
  const actor = requirePermission(audit.actor, 'admin.users');
  if (id === actor.userId) {
    throw conflict('Turn off your own two-factor authentication from My account');
  }
  const sessions = new SessionStore(ctx.db, ctx.clock);
  return ctx.db.transaction(async (tx) => {
    const current = await findUserById(tx, id);
    if (!current) throw notFound('User');
    const { roles, permissions } = await loadUserRoles(tx, id);
    assertWithinOwn(
      await ownPermissions(tx, actor),
      permissions,
      'reset the second factor of this user',
    );
    if (!current.totpEnabledAt && !current.totpPendingSecret) {
      throw conflict('This user has no two-factor authentication to reset');
    }
    const now = ctx.clock.now();
    await clearMfa(tx, id, now);
    const ended = await sessions.revokeAll(tx, id);
    await appendAudit(tx, ctx.clock, audit, {
      action: 'mfa.reset',
      targetId: id,
      before: { mfa_enabled: current.totpEnabledAt !== null },
      after: { mfa_enabled: false, sessions_ended: ended },
    });
    const row = await findUserById(tx, id);
    if (!row) throw notFound('User');
    return toUserWire(row, roles);
  });
}
