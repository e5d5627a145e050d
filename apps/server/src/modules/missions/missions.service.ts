import {
  MISSION_STATUS_TRANSITIONS,
  type Mission,
  type MissionCreate,
  type MissionQuery,
  type MissionStatus,
  type MissionUpdate,
} from '@metamorph/contract';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionMembers, missions } from '../../db/schema/index.js';
import { planChanged } from './plan-audit.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, requireActor, requirePermission } from '../../platform/authz.js';
import { conflict, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { escapeLike } from '../../platform/sql-like.js';
import { changedFields } from '../../platform/diff.js';
import { missionAccess } from '../../kernel/mission-access.js';
import { clientExists, missionStats, toMission, toSummary } from './missions.mapper.js';

const badClient = () =>
  validationFailed([{ path: 'body.client_id', message: 'is not a client of this instance' }]);

function checkDates(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) {
    throw validationFailed([{ path: 'body.end_date', message: 'is before start_date' }]);
  }
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}
function decodeCursor(c: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') {
      if (!Number.isNaN(Date.parse(v[0])) && /^[0-9a-f-]{36}$/.test(v[1])) return [v[0], v[1]];
    }
  } catch {
    // not ours
  }
  throw validationFailed([{ path: 'query.cursor', message: 'is not a cursor from this API' }]);
}

/** Missions: create, list what the caller may see, read, edit, status, soft delete. */
export class MissionsService {
  constructor(private readonly ctx: AppContext) {}

  async create(audit: AuditContext, body: MissionCreate): Promise<Mission> {
    const actor = requirePermission(audit.actor, 'mission.create');
    checkDates(body.start_date, body.end_date);
    const id = newId();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      if (!(await clientExists(tx, body.client_id))) throw badClient();
      await tx.insert(missions).values({
        id,
        clientId: body.client_id,
        name: body.name,
        descriptionMd: body.description_md,
        status: 'planned',
        startDate: body.start_date,
        endDate: body.end_date,
        environmentMd: body.environment_md,
        tags: [...new Set(body.tags)],
        visibility: body.visibility,
        version: 1,
        createdBy: accountId(actor),
        createdAt: now,
        updatedAt: now,
      });
      // The creator leads the mission (the shell operator has no account to add).
      if (actor.via !== 'cli') {
        await tx
          .insert(missionMembers)
          .values({ missionId: id, userId: actor.userId, role: 'lead', addedAt: now });
      }
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'mission.created',
        targetId: id,
        missionId: id,
        after: { name: body.name, client_id: body.client_id, visibility: body.visibility },
      });
    });
    return this.get(audit, id);
  }

  async get(audit: AuditContext, id: string, includeDeleted = false): Promise<Mission> {
    const access = await missionAccess(this.ctx.db, audit.actor, id, { includeDeleted });
    return toMission(this.ctx.db, access);
  }

  async list(audit: AuditContext, q: MissionQuery) {
    const actor = requireActor(audit.actor);
    const admin = actor.permissions.has('admin.missions');
    const where: SQL[] = [];
    if (!(admin && q.include_deleted === 'true')) where.push(isNull(missions.deletedAt));
    if (!admin) {
      where.push(
        sql`exists (select 1 from mission_members mm where mm.mission_id = ${missions.id} and mm.user_id = ${actor.userId})`,
      );
    }
    if (q.q?.trim()) {
      where.push(sql`lower(${missions.name}) like ${`%${escapeLike(q.q.trim().toLowerCase())}%`}`);
    }
    if (q.client_id) where.push(eq(missions.clientId, q.client_id));
    if (q.retest_of) where.push(eq(missions.retestOfMissionId, q.retest_of));
    if (q.status) where.push(eq(missions.status, q.status));
    if (q.tag?.trim()) {
      where.push(
        sql`exists (select 1 from unnest(${missions.tags}) g where lower(g) = ${q.tag.trim().toLowerCase()})`,
      );
    }
    if (q.on) {
      where.push(
        sql`(${missions.startDate} is null or ${missions.startDate} <= ${q.on}) and (${missions.endDate} is null or ${missions.endDate} >= ${q.on})`,
      );
    }
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      where.push(sql`(${missions.createdAt}, ${missions.id}) < (${at}::timestamptz, ${id}::uuid)`);
    }
    const rows = await this.ctx.db
      .select({ m: missions, role: missionMembers.role })
      .from(missions)
      .leftJoin(
        missionMembers,
        and(eq(missionMembers.missionId, missions.id), eq(missionMembers.userId, actor.userId)),
      )
      .where(and(...where))
      .orderBy(desc(missions.createdAt), desc(missions.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const stats = await missionStats(
      this.ctx.db,
      page.map((r) => r.m),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) =>
        toSummary(r.m, stats.get(r.m.id), (r.role as Mission['my_role']) ?? null),
      ),
      next_cursor: rows.length > q.limit && last ? encodeCursor(last.m.createdAt, last.m.id) : null,
    };
  }

  async update(audit: AuditContext, id: string, body: MissionUpdate): Promise<Mission> {
    await missionWrite(this.ctx, audit, id, { level: 'manage' }, async (w) => {
      const { tx, access } = w;
      const m = access.mission;
      if (body.version !== undefined && body.version !== m.version) {
        throw conflict(`The mission was changed by someone else (now version ${m.version})`, {
          current_version: m.version,
        });
      }
      if (body.status && body.status !== m.status) {
        const allowed = MISSION_STATUS_TRANSITIONS[m.status as MissionStatus];
        if (!allowed.includes(body.status)) {
          throw conflict(`A mission cannot go from ${m.status} to ${body.status}`, {
            current_status: m.status,
            allowed,
          });
        }
      }
      if (body.client_id && !(await clientExists(tx, body.client_id))) throw badClient();
      const next = {
        clientId: body.client_id ?? m.clientId,
        name: body.name ?? m.name,
        descriptionMd: body.description_md !== undefined ? body.description_md : m.descriptionMd,
        status: body.status ?? m.status,
        startDate: body.start_date !== undefined ? body.start_date : m.startDate,
        endDate: body.end_date !== undefined ? body.end_date : m.endDate,
        environmentMd: body.environment_md !== undefined ? body.environment_md : m.environmentMd,
        tags: body.tags ? [...new Set(body.tags)] : m.tags,
        visibility: body.visibility ?? m.visibility,
      };
      checkDates(next.startDate, next.endDate);
      const diff = changedFields({ ...m }, next);
      if (Object.keys(diff.after).length === 0) return;
      await tx
        .update(missions)
        .set({ ...next, version: m.version + 1, updatedAt: this.ctx.clock.now() })
        .where(eq(missions.id, id));
      await planChanged(w, {
        action: diff.after.status ? 'mission.status_changed' : 'mission.updated',
        targetId: id,
        missionId: id,
        before: { ...diff.before, version: m.version },
        after: { ...diff.after, version: m.version + 1 },
      });
    });
    return this.get(audit, id);
  }

  /** Soft delete (managers) and restore (admin.missions). */
  async restore(audit: AuditContext, id: string): Promise<Mission> {
    await this.setDeleted(audit, id, false);
    return this.get(audit, id);
  }

  async setDeleted(audit: AuditContext, id: string, deleted: boolean): Promise<void> {
    // Restoring reads the deleted mission, which only admins (who manage every mission) see.
    await missionWrite(
      this.ctx,
      audit,
      id,
      { level: 'manage', includeDeleted: !deleted },
      async (w) => {
        const { tx, access } = w;
        if (!deleted) requirePermission(audit.actor, 'admin.missions');
        if (!deleted && !access.mission.deletedAt) return;
        const now = this.ctx.clock.now();
        await tx
          .update(missions)
          .set({
            deletedAt: deleted ? now : null,
            updatedAt: now,
            version: access.mission.version + 1,
          })
          .where(eq(missions.id, id));
        await planChanged(w, {
          action: deleted ? 'mission.deleted' : 'mission.restored',
          targetId: id,
          missionId: id,
          before: { name: access.mission.name },
        });
      },
    );
  }
}
