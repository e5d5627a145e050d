import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { users } from '../../db/schema/index.js';
import { systemAuditContext, type AuditContext } from '../audit/audit.js';

const CLI_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Who a job acts for in the audit log: the user who queued it (by `created_by`), or the
 * shell operator named in the payload (`cli:<os user>`), else the system.
 */
export async function jobAuditContext(
  ctx: AppContext,
  createdBy: string | null,
  requestedBy: string | undefined,
): Promise<AuditContext> {
  if (createdBy) {
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, displayName: users.displayName })
      .from(users)
      .where(eq(users.id, createdBy))
      .limit(1);
    if (user) {
      return {
        ...systemAuditContext,
        userAgent: 'metamorph-job',
        actor: {
          userId: user.id,
          email: user.email,
          displayName: user.displayName,
          permissions: new Set(),
          via: 'session',
          sessionId: null,
          tokenId: null,
        },
      };
    }
  }
  if (requestedBy?.startsWith('cli:')) {
    return {
      ...systemAuditContext,
      userAgent: 'metamorph-cli',
      actor: {
        userId: CLI_USER_ID,
        email: requestedBy,
        displayName: `Command line (${requestedBy.slice(4)})`,
        permissions: new Set(),
        via: 'cli',
        sessionId: null,
        tokenId: null,
      },
    };
  }
  return systemAuditContext;
}
