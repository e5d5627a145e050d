import {
  DETTECT_MAX_BYTES,
  DettectClaimTechnique,
  type ClaimedVsTested,
  type ClaimedVsTestedQuery,
  type DettectClaims,
  type DettectClaimsState,
  type DettectDiscrepancyKind,
  type DettectImport,
  type FieldIssue,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { dettectClaims, users } from '../../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import { accountId } from '../../../platform/authz.js';
import { validationFailed } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { techniquesByExternalId } from '../attack-lookup.repo.js';
import { readableClient, writableClient } from '../client-access.js';
import type { ThreatCoverageService } from '../coverage.service.js';
import type { ProfileTech } from '../threat-score.js';
import { DETTECT_MAX_ISSUES, parseTechniquesAdministration } from './dettect-parse.js';
import { loadDettectYaml } from './dettect-yaml.js';

const Stored = z.array(DettectClaimTechnique);
const KINDS: DettectDiscrepancyKind[] = [
  'claimed_missed',
  'unclaimed_detected',
  'claim_older_than_test',
];

/** A client's DeTT&CT claims: import (replacing the previous, audited, one transaction), read, claimed vs tested. */
export class DettectService {
  constructor(
    private readonly ctx: AppContext,
    private readonly coverage: ThreatCoverageService,
  ) {}

  /** 403/404 → 422 (every problem of the file) → the stored claims and the audit row. */
  async import(audit: AuditContext, clientId: string, body: DettectImport): Promise<DettectClaims> {
    await writableClient(this.ctx.db, audit.actor, clientId);
    if (Buffer.byteLength(body.content, 'utf8') > DETTECT_MAX_BYTES) {
      throw validationFailed([{ path: 'body.content', message: 'is larger than 5 MiB' }]);
    }
    const loaded = loadDettectYaml(body.content);
    if (!loaded.ok) throw validationFailed(loaded.errors);
    const today = this.ctx.clock.now().toISOString().slice(0, 10);
    const parsed = parseTechniquesAdministration(loaded.doc, today);
    if (!parsed.ok) throw validationFailed(parsed.errors);
    const { techniques } = parsed.file;
    const catalog = await techniquesByExternalId(
      this.ctx.db,
      techniques.map((t) => t.technique_id),
    );
    const unknown: FieldIssue[] = [];
    techniques.forEach((t, i) => {
      const row = catalog.get(t.technique_id);
      const path = `content.techniques[${i}].technique_id`;
      const line = loaded.doc.lineOf(['techniques', i, 'technique_id']);
      const at = line ? ` (line ${line})` : '';
      if (!row)
        unknown.push({ path, message: `${t.technique_id} is not in the ATT&CK catalog${at}` });
      else if (row.revoked || row.deprecated) {
        const by = row.revokedByExternalId ? ` (use ${row.revokedByExternalId})` : '';
        unknown.push({
          path,
          message: `${t.technique_id} is ${row.revoked ? 'revoked' : 'deprecated'}${by}${at}`,
        });
      }
    });
    if (unknown.length > 0) throw validationFailed(unknown.slice(0, DETTECT_MAX_ISSUES));
    const id = newId();
    await this.ctx.db.transaction(async (tx) => {
      // The latest import replaces the previous one (the audit log keeps the history).
      const replaced = await tx
        .delete(dettectClaims)
        .where(eq(dettectClaims.clientId, clientId))
        .returning({ id: dettectClaims.id, fileName: dettectClaims.fileName });
      await tx.insert(dettectClaims).values({
        id,
        clientId,
        fileName: body.file_name,
        name: parsed.file.name,
        techniques,
        importedBy: accountId(audit.actor),
        importedAt: this.ctx.clock.now(),
      });
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'dettect_claims.imported',
        targetId: id,
        after: {
          client_id: clientId,
          file_name: body.file_name,
          name: parsed.file.name,
          techniques: techniques.length,
        },
        ...(replaced.length > 0
          ? { before: { replaced: replaced.map((r) => ({ id: r.id, file_name: r.fileName })) } }
          : {}),
      });
    });
    return (await this.current(clientId))!;
  }

  async get(audit: AuditContext, clientId: string): Promise<DettectClaimsState> {
    await readableClient(this.ctx.db, audit.actor, clientId);
    return { claims: await this.current(clientId) };
  }

  private async current(clientId: string): Promise<DettectClaims | null> {
    const [row] = await this.ctx.db
      .select({ c: dettectClaims, by: users.displayName })
      .from(dettectClaims)
      .leftJoin(users, eq(users.id, dettectClaims.importedBy))
      .where(eq(dettectClaims.clientId, clientId))
      .limit(1);
    if (!row) return null;
    const { c } = row;
    return {
      id: c.id,
      client_id: c.clientId,
      file_name: c.fileName,
      name: c.name,
      imported_at: c.importedAt.toISOString(),
      imported_by: c.importedBy && row.by ? { id: c.importedBy, name: row.by } : null,
      techniques: Stored.parse(c.techniques),
    };
  }

  /**
   * The profile's techniques and every claimed one, judged by the profile coverage's rule,
   * beside the claimed detection score: the discrepancy kinds of docs/threat-coverage.md.
   */
  async claimedVsTested(
    audit: AuditContext,
    clientId: string,
    q: ClaimedVsTestedQuery,
  ): Promise<ClaimedVsTested> {
    const { profile_id: profileId, ...judging } = q;
    const b = await this.coverage.basis(audit, clientId, profileId, judging);
    const claims = await this.current(clientId);
    const claimed = new Map((claims?.techniques ?? []).map((t) => [t.technique_id, t]));
    const inProfile = new Set(b.techs.map((t) => t.techniqueId));
    const extra: ProfileTech[] = [...claimed.values()]
      .filter((t) => !inProfile.has(t.technique_id))
      .map((t) => ({
        techniqueId: t.technique_id,
        name: t.technique_name ?? t.technique_id,
        tactics: [],
        weight: 0,
        groups: [],
      }));
    const techs = [...b.techs, ...extra].sort((x, y) => x.techniqueId.localeCompare(y.techniqueId));
    const judged = this.coverage.judge(b, judging, techs);
    const testRows = new Map(b.scope.data.tests.map((r) => [r.id, r]));
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<
      DettectDiscrepancyKind,
      number
    >;
    const techniques = techs.map((t) => {
      const j = judged.get(t.techniqueId)!;
      const c = claimed.get(t.techniqueId);
      const score = c?.detection_score ?? null;
      const date = c?.detection_date ?? null;
      const kinds: DettectDiscrepancyKind[] = [];
      if (score !== null && score >= 3 && j.status === 'missed') kinds.push('claimed_missed');
      if ((score === null || score <= 0) && j.status === 'detected')
        kinds.push('unclaimed_detected');
      if (date !== null && j.lastTestedAt !== null && date < j.lastTestedAt.slice(0, 10)) {
        kinds.push('claim_older_than_test');
      }
      for (const k of kinds) counts[k]++;
      return {
        technique_id: t.techniqueId,
        name: t.name,
        in_profile: inProfile.has(t.techniqueId),
        claimed_score: score,
        claim_date: date,
        status: j.status,
        level: j.level,
        tests: j.tests.flatMap((id) => {
          const r = testRows.get(id);
          return r ? [{ id, mission_id: r.missionId, name: r.name }] : [];
        }),
        mission_ids: j.missionIds,
        last_tested_at: j.lastTestedAt,
        discrepancies: kinds,
      };
    });
    return {
      client: { id: clientId, name: b.scope.client?.name ?? '' },
      profile: { id: b.profile.id, name: b.profile.name },
      claims: claims
        ? { id: claims.id, file_name: claims.file_name, imported_at: claims.imported_at }
        : null,
      rule: judging.rule,
      basis: judging.basis,
      min_level: b.minLevel,
      counts,
      techniques,
    };
  }
}
