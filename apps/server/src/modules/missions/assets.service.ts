import type { AssetCreate, AssetUpdate, MissionAsset } from '@metamorph/contract';
import { and, asc, eq, max } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missionAssets } from '../../db/schema/index.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { planChanged } from './plan-audit.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { changedFields } from '../../platform/diff.js';
import { missionAccess } from '../../kernel/mission-access.js';
import { moveTo } from './positions.js';

type Row = typeof missionAssets.$inferSelect;
const toWire = (r: Row): MissionAsset => ({
  id: r.id,
  kind: r.kind as MissionAsset['kind'],
  name: r.name,
  details: r.details,
  layer: r.layer as MissionAsset['layer'],
  position: r.position,
});

function checkLayer(kind: string, layer: string | null | undefined): void {
  if (kind === 'defence_tool' && !layer) {
    throw validationFailed([{ path: 'body.layer', message: 'is required for a defence tool' }]);
  }
  if (kind !== 'defence_tool' && layer) {
    throw validationFailed([{ path: 'body.layer', message: 'is only for defence tools' }]);
  }
}

async function list(db: DbOrTx, missionId: string): Promise<MissionAsset[]> {
  const rows = await db
    .select()
    .from(missionAssets)
    .where(eq(missionAssets.missionId, missionId))
    .orderBy(asc(missionAssets.kind), asc(missionAssets.position));
  return rows.map(toWire);
}

/** Sources, targets, accounts, red tools and defence tools of a mission. */
export class AssetsService {
  constructor(private readonly ctx: AppContext) {}

  async list(audit: AuditContext, missionId: string) {
    await missionAccess(this.ctx.db, audit.actor, missionId);
    return { items: await list(this.ctx.db, missionId) };
  }

  async create(audit: AuditContext, missionId: string, body: AssetCreate): Promise<MissionAsset> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const { tx } = w;
      checkLayer(body.kind, body.layer);
      const [last] = await tx
        .select({ p: max(missionAssets.position) })
        .from(missionAssets)
        .where(and(eq(missionAssets.missionId, missionId), eq(missionAssets.kind, body.kind)));
      const now = this.ctx.clock.now();
      const row: Row = {
        id: newId(),
        missionId,
        kind: body.kind,
        name: body.name,
        details: body.details,
        layer: body.layer,
        position: (last?.p ?? -1) + 1,
        createdAt: now,
        updatedAt: now,
      };
      await tx.insert(missionAssets).values(row);
      await planChanged(w, {
        action: 'mission.asset_added',
        targetId: missionId,
        missionId,
        after: { asset_id: row.id, kind: row.kind, name: row.name, layer: row.layer },
      });
      return toWire(row);
    });
  }

  async update(audit: AuditContext, missionId: string, assetId: string, body: AssetUpdate) {
    return (await this.change(audit, missionId, assetId, body)) as MissionAsset;
  }

  async remove(audit: AuditContext, missionId: string, assetId: string): Promise<void> {
    await this.change(audit, missionId, assetId, null);
  }

  private async change(
    audit: AuditContext,
    missionId: string,
    assetId: string,
    body: AssetUpdate | null,
  ): Promise<MissionAsset | null> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const { tx } = w;
      const [row] = await tx
        .select()
        .from(missionAssets)
        .where(and(eq(missionAssets.id, assetId), eq(missionAssets.missionId, missionId)));
      if (!row) throw notFound('Asset');
      if (body === null) {
        await tx.delete(missionAssets).where(eq(missionAssets.id, assetId));
        await planChanged(w, {
          action: 'mission.asset_removed',
          targetId: missionId,
          missionId,
          before: { asset_id: row.id, kind: row.kind, name: row.name },
        });
        return null;
      }
      const next = {
        name: body.name ?? row.name,
        details: body.details !== undefined ? body.details : row.details,
        layer: body.layer !== undefined ? body.layer : row.layer,
      };
      checkLayer(row.kind, next.layer);
      if (body.position !== undefined) {
        const siblings = await tx
          .select({ id: missionAssets.id })
          .from(missionAssets)
          .where(and(eq(missionAssets.missionId, missionId), eq(missionAssets.kind, row.kind)))
          .orderBy(asc(missionAssets.position));
        const order = moveTo(
          siblings.map((s) => s.id),
          assetId,
          body.position,
          'body.position',
        );
        for (const [position, id] of order.entries()) {
          await tx.update(missionAssets).set({ position }).where(eq(missionAssets.id, id));
        }
      }
      const diff = changedFields({ name: row.name, details: row.details, layer: row.layer }, next);
      await tx
        .update(missionAssets)
        .set({ ...next, updatedAt: this.ctx.clock.now() })
        .where(eq(missionAssets.id, assetId));
      if (Object.keys(diff.after).length > 0) {
        await planChanged(w, {
          action: 'mission.asset_changed',
          targetId: missionId,
          missionId,
          before: { asset_id: assetId, ...diff.before },
          after: { asset_id: assetId, ...diff.after },
        });
      }
      const [updated] = await tx.select().from(missionAssets).where(eq(missionAssets.id, assetId));
      return toWire(updated as Row);
    });
  }
}
