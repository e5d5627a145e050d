import type { Client, ClientCreate, ClientUpdate } from '@metamorph/contract';
import { asc, count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { clients, missions } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requireAnyPermission, requirePermission } from '../../platform/authz.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { changedFields } from '../../platform/diff.js';

const taken = () => conflict('Another client already has this name');

/**
 * Clients: whoever may create missions sees and adds them (they pick one per mission);
 * deleting one needs admin.missions and no mission of it, deleted ones included.
 */
export class ClientsService {
  constructor(private readonly ctx: AppContext) {}

  private async load(db: DbOrTx, id?: string): Promise<Client[]> {
    const rows = await db
      .select({ c: clients, n: count(missions.id) })
      .from(clients)
      .leftJoin(missions, eq(missions.clientId, clients.id))
      .where(id ? eq(clients.id, id) : undefined)
      .groupBy(clients.id)
      .orderBy(asc(sql`lower(${clients.name})`));
    return rows.map(({ c, n }) => ({
      id: c.id,
      name: c.name,
      notes: c.notes,
      mission_count: Number(n),
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
    }));
  }

  async list(audit: AuditContext) {
    requireAnyPermission(audit.actor, ['mission.create', 'admin.missions']);
    return { items: await this.load(this.ctx.db) };
  }

  async get(audit: AuditContext, id: string): Promise<Client> {
    requireAnyPermission(audit.actor, ['mission.create', 'admin.missions']);
    const [c] = await this.load(this.ctx.db, id);
    if (!c) throw notFound('Client');
    return c;
  }

  async create(audit: AuditContext, body: ClientCreate): Promise<Client> {
    requireAnyPermission(audit.actor, ['mission.create', 'admin.missions']);
    const id = newId();
    const now = this.ctx.clock.now();
    try {
      await this.ctx.db.transaction(async (tx) => {
        await tx
          .insert(clients)
          .values({ id, name: body.name, notes: body.notes, createdAt: now, updatedAt: now });
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'client.created',
          targetId: id,
          after: { name: body.name },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
    return this.get(audit, id);
  }

  async update(audit: AuditContext, id: string, body: ClientUpdate): Promise<Client> {
    requireAnyPermission(audit.actor, ['mission.create', 'admin.missions']);
    try {
      await this.ctx.db.transaction(async (tx) => {
        const [c] = await tx.select().from(clients).where(eq(clients.id, id)).for('update');
        if (!c) throw notFound('Client');
        const next = {
          name: body.name ?? c.name,
          notes: body.notes !== undefined ? body.notes : c.notes,
        };
        const diff = changedFields({ name: c.name, notes: c.notes }, next);
        if (Object.keys(diff.after).length === 0) return;
        await tx
          .update(clients)
          .set({ ...next, updatedAt: this.ctx.clock.now() })
          .where(eq(clients.id, id));
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'client.updated',
          targetId: id,
          ...diff,
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
    return this.get(audit, id);
  }

  async delete(audit: AuditContext, id: string): Promise<void> {
    requirePermission(audit.actor, 'admin.missions');
    await this.ctx.db.transaction(async (tx) => {
      const [c] = await tx.select().from(clients).where(eq(clients.id, id)).for('update');
      if (!c) throw notFound('Client');
      const [used] = await tx
        .select({ n: count() })
        .from(missions)
        .where(eq(missions.clientId, id));
      if (Number(used?.n ?? 0) > 0)
        throw conflict(`The client has ${used?.n} missions (deleted ones included)`);
      await tx.delete(clients).where(eq(clients.id, id));
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'client.deleted',
        targetId: id,
        before: { name: c.name },
      });
    });
  }
}
