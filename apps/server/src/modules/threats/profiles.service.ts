import {
  ErrorCode,
  type ThreatProfile,
  type ThreatProfileCreate,
  type ThreatProfileUpdate,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { threatProfiles, type ThreatProfileRow } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { changedFields } from '../../platform/diff.js';
import { DomainError, conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Tx } from '../../platform/tx.js';
import { readableClient, writableClient } from './client-access.js';
import { profileRows, replaceTechniques, toProfiles } from './profiles.repo.js';
import { resolveProfile, type ResolvedProfile } from './resolve.js';

const taken = () => conflict('The client already has a threat profile of this name');

function auditView(r: ThreatProfileRow, techniques?: number): Record<string, unknown> {
  return {
    name: r.name,
    description: r.description,
    group_ids: r.groupIds,
    software_ids: r.softwareIds,
    campaign_ids: r.campaignIds,
    extra: r.extra,
    attack_version: r.attackVersion,
    ...(techniques === undefined ? {} : { techniques }),
  };
}

/** Threat profiles of a client: client-scoped reads, leads' and admins' writes, audited. */
export class ThreatProfilesService {
  constructor(private readonly ctx: AppContext) {}

  async list(audit: AuditContext, clientId: string): Promise<ThreatProfile[]> {
    await readableClient(this.ctx.db, audit.actor, clientId);
    return toProfiles(this.ctx.db, await profileRows(this.ctx.db, clientId));
  }

  async get(audit: AuditContext, clientId: string, profileId: string): Promise<ThreatProfile> {
    await readableClient(this.ctx.db, audit.actor, clientId);
    const [row] = await profileRows(this.ctx.db, clientId, profileId);
    if (!row) throw notFound('Threat profile');
    return (await toProfiles(this.ctx.db, [row]))[0]!;
  }

  /** One transaction: the profile, its resolved techniques and the audit row, or nothing. */
  async create(
    audit: AuditContext,
    clientId: string,
    body: ThreatProfileCreate,
    source = 'manual',
  ): Promise<ThreatProfile> {
    await writableClient(this.ctx.db, audit.actor, clientId);
    const id = newId();
    const now = this.ctx.clock.now();
    try {
      await this.ctx.db.transaction(async (tx) => {
        const resolved = await resolveProfile(tx, body);
        const [row] = await tx
          .insert(threatProfiles)
          .values({
            id,
            clientId,
            name: body.name,
            description: body.description ?? null,
            groupIds: body.group_ids,
            softwareIds: body.software_ids,
            campaignIds: body.campaign_ids,
            extra: body.extra,
            source,
            attackReleaseId: resolved.release?.id ?? null,
            attackVersion: resolved.release?.version ?? null,
            version: 1,
            createdBy: accountId(audit.actor),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await replaceTechniques(tx, id, resolved.techniques);
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'threat_profile.created',
          targetId: id,
          after: { client_id: clientId, source, ...auditView(row!, resolved.techniques.length) },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
    return this.get(audit, clientId, id);
  }

  private async locked(tx: Tx, clientId: string, profileId: string, expected?: number) {
    const [row] = await tx
      .select()
      .from(threatProfiles)
      .where(eq(threatProfiles.id, profileId))
      .for('update');
    if (!row || row.clientId !== clientId) throw notFound('Threat profile');
    if (expected !== undefined && expected !== row.version) {
      throw new DomainError(
        ErrorCode.VersionConflict,
        `The threat profile was changed by someone else (now version ${row.version}, you had ${expected}); reload and re-apply your change`,
        { context: { current_version: row.version } },
      );
    }
    return row;
  }

  /** 404 → 422 (entries, techniques) → 409 (stale If-Match / version) → write. */
  async update(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    body: ThreatProfileUpdate,
    ifMatch: number | undefined,
  ): Promise<ThreatProfile> {
    await writableClient(this.ctx.db, audit.actor, clientId);
    try {
      await this.ctx.db.transaction(async (tx) => {
        const row = await this.locked(tx, clientId, profileId);
        const next = {
          name: body.name ?? row.name,
          description: body.description !== undefined ? body.description : row.description,
          groupIds: body.group_ids ?? row.groupIds,
          softwareIds: body.software_ids ?? row.softwareIds,
          campaignIds: body.campaign_ids ?? row.campaignIds,
          extra: body.extra ?? row.extra,
        };
        const resolved: ResolvedProfile = await resolveProfile(tx, {
          group_ids: next.groupIds,
          software_ids: next.softwareIds,
          campaign_ids: next.campaignIds,
          extra: next.extra,
        });
        await this.locked(tx, clientId, profileId, ifMatch ?? body.version);
        const after = {
          ...row,
          ...next,
          attackReleaseId: resolved.release?.id ?? null,
          attackVersion: resolved.release?.version ?? null,
        };
        const diff = changedFields(auditView(row), auditView(after));
        await replaceTechniques(tx, profileId, resolved.techniques);
        if (Object.keys(diff.after).length === 0) return;
        await tx
          .update(threatProfiles)
          .set({
            ...next,
            attackReleaseId: after.attackReleaseId,
            attackVersion: after.attackVersion,
            version: row.version + 1,
            updatedAt: this.ctx.clock.now(),
          })
          .where(eq(threatProfiles.id, profileId));
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'threat_profile.updated',
          targetId: profileId,
          before: { ...diff.before, version: row.version },
          after: { ...diff.after, version: row.version + 1 },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      throw err;
    }
    return this.get(audit, clientId, profileId);
  }

  async remove(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    ifMatch: number | undefined,
  ): Promise<void> {
    await writableClient(this.ctx.db, audit.actor, clientId);
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.locked(tx, clientId, profileId, ifMatch);
      await tx.delete(threatProfiles).where(eq(threatProfiles.id, profileId));
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'threat_profile.deleted',
        targetId: profileId,
        before: { client_id: clientId, version: row.version, ...auditView(row) },
      });
    });
  }
}
