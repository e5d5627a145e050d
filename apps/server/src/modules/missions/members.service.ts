import type { MissionMember, MissionRole } from '@metamorph/contract';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionMembers, users } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { planChanged } from './plan-audit.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { conflict, notFound, validationFailed } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';
import { escapeLike } from '../../platform/sql-like.js';
import { missionAccess, requireManage } from '../../kernel/mission-access.js';

async function members(db: DbOrTx, missionId: string): Promise<MissionMember[]> {
  const rows = await db
    .select({
      userId: missionMembers.userId,
      role: missionMembers.role,
      addedAt: missionMembers.addedAt,
      email: users.email,
      displayName: users.displayName,
    })
    .from(missionMembers)
    .innerJoin(users, eq(users.id, missionMembers.userId))
    .where(eq(missionMembers.missionId, missionId))
    .orderBy(asc(users.email));
  return rows.map((r) => ({
    user_id: r.userId,
    email: r.email,
    display_name: r.displayName,
    role: r.role as MissionRole,
    added_at: r.addedAt.toISOString(),
  }));
}

async function leads(db: DbOrTx, missionId: string): Promise<number> {
  const rows = await db
    .select({ u: missionMembers.userId })
    .from(missionMembers)
    .where(and(eq(missionMembers.missionId, missionId), eq(missionMembers.role, 'lead')));
  return rows.length;
}

/** Mission members: every member sees the list; leads (mission.manage) and admins change it. */
export class MembersService {
  constructor(private readonly ctx: AppContext) {}

  async list(audit: AuditContext, missionId: string) {
    await missionAccess(this.ctx.db, audit.actor, missionId);
    return { items: await members(this.ctx.db, missionId) };
  }

  /** Active users matching `q` who are not members yet (for the lead's member picker). */
  async candidates(audit: AuditContext, missionId: string, q: string | undefined) {
    requireManage(await missionAccess(this.ctx.db, audit.actor, missionId));
    const text = q?.trim().toLowerCase();
    const rows = await this.ctx.db
      .select({ id: users.id, email: users.email, displayName: users.displayName })
      .from(users)
      .where(
        and(
          isNull(users.disabledAt),
          sql`not exists (select 1 from mission_members mm where mm.mission_id = ${missionId} and mm.user_id = ${users.id})`,
          text
            ? sql`(lower(${users.email}) like ${`%${escapeLike(text)}%`} or lower(${users.displayName}) like ${`%${escapeLike(text)}%`})`
            : undefined,
        ),
      )
      .orderBy(asc(users.email))
      .limit(20);
    return { items: rows.map((r) => ({ id: r.id, email: r.email, display_name: r.displayName })) };
  }

  async add(audit: AuditContext, missionId: string, userId: string, role: MissionRole) {
    await missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const { tx } = w;
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, userId), isNull(users.disabledAt)));
      if (!user) {
        throw validationFailed([{ path: 'body.user_id', message: 'is not an active user' }]);
      }
      const [existing] = await tx
        .select()
        .from(missionMembers)
        .where(and(eq(missionMembers.missionId, missionId), eq(missionMembers.userId, userId)));
      if (existing) throw conflict('The user is a member already: change their role instead');
      await tx
        .insert(missionMembers)
        .values({ missionId, userId, role, addedAt: this.ctx.clock.now() });
      await planChanged(w, {
        action: 'mission.member_added',
        targetId: missionId,
        missionId,
        after: { user_id: userId, role },
      });
    });
    return this.list(audit, missionId);
  }

  async change(audit: AuditContext, missionId: string, userId: string, role: MissionRole | null) {
    await missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const { tx } = w;
      const [existing] = await tx
        .select()
        .from(missionMembers)
        .where(and(eq(missionMembers.missionId, missionId), eq(missionMembers.userId, userId)));
      if (!existing) throw notFound('Member');
      if (existing.role === role) return;
      if (existing.role === 'lead' && (await leads(tx, missionId)) <= 1) {
        throw conflict('A mission keeps at least one lead: make someone else lead first');
      }
      const where = and(eq(missionMembers.missionId, missionId), eq(missionMembers.userId, userId));
      if (role === null) await tx.delete(missionMembers).where(where);
      else await tx.update(missionMembers).set({ role }).where(where);
      await planChanged(w, {
        action: role === null ? 'mission.member_removed' : 'mission.member_changed',
        targetId: missionId,
        missionId,
        before: { user_id: userId, role: existing.role },
        after: role === null ? null : { user_id: userId, role },
      });
    });
    return this.list(audit, missionId);
  }
}
