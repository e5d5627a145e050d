import { isPermission, type Permission } from '@metamorph/contract';
import type { AppContext } from '../context.js';
import type { AuditContext } from '../platform/audit/audit.js';
import { forbidden } from '../platform/errors.js';
import { jobAuditContext } from '../platform/jobs/job-audit.js';
import { findUserById, loadUserRoles } from './identity.repo.js';

/**
 * The actor a job that writes on a user's behalf acts as: that user with the permissions their
 * roles grant when the job runs, narrowed to those the request held (an API token's scope), so
 * a job can never do more than its requester could at either moment. A user disabled or
 * deleted since is refused.
 */
export async function jobActingAs(
  ctx: AppContext,
  userId: string | null,
  granted: readonly string[],
): Promise<AuditContext> {
  const user = userId ? await findUserById(ctx.db, userId) : undefined;
  if (!user || user.disabledAt) throw forbidden('The user who started this job can no longer act');
  const audit = await jobAuditContext(ctx, user.id, undefined);
  const now = (await loadUserRoles(ctx.db, user.id)).permissions;
  const asked = new Set(granted.filter(isPermission));
  const permissions = new Set<Permission>([...now].filter((p) => asked.has(p)));
  return { ...audit, actor: { ...audit.actor!, permissions } };
}
