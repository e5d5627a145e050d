import {
  ErrorCode,
  FINDING_STATUSES_WITH_REASON,
  FINDING_TRANSITIONS,
  canMoveFinding,
  type FieldIssue,
  type Finding,
  type FindingCreate,
  type FindingStatus,
  type FindingUpdate,
} from '@metamorph/contract';
import { eq, max } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { findings, type FindingRow } from '../../db/schema/index.js';
import { missionAccess } from '../../kernel/mission-access.js';
import { missionWrite, type MissionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { changedFields } from '../../platform/diff.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { findingAccess, findingWrite } from './finding-access.js';
import { findingColumns, inputIssues } from './finding-input.js';
import { findingRows, linkedTestIds, setFindingTests, toFindings } from './findings.repo.js';

/** The audited view of a finding (wire names). */
function auditView(row: FindingRow, testIds: readonly string[]): Record<string, unknown> {
  return {
    title: row.title,
    severity: row.severity,
    status: row.status,
    status_reason: row.statusReason,
    description_md: row.descriptionMd,
    recommendation_md: row.recommendationMd,
    test_ids: [...testIds].sort(),
    gap_reason: row.gapReason,
    sigma_rule: row.sigmaRule,
    siem_query: row.siemQuery,
    ticket_url: row.ticketUrl,
    owner_user_id: row.ownerUserId,
    owner_name: row.ownerName,
    due_on: row.dueOn,
  };
}

/** Findings CRUD: one mission write per command, audited, live on the mission stream. */
export class FindingsService {
  constructor(private readonly ctx: AppContext) {}

  async list(audit: AuditContext, missionId: string): Promise<Finding[]> {
    const access = await missionAccess(this.ctx.db, audit.actor, missionId);
    return toFindings(this.ctx.db, await findingRows(this.ctx.db, missionId), access.seesHidden);
  }

  async get(audit: AuditContext, id: string): Promise<Finding> {
    return (await findingAccess(this.ctx.db, audit.actor, id)).finding;
  }

  /** Creates findings in one transaction: every body is checked first, nothing half-written. */
  async create(
    audit: AuditContext,
    missionId: string,
    bodies: readonly FindingCreate[],
    pathOf: (i: number) => string = () => 'body',
  ): Promise<Finding[]> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const issues: FieldIssue[] = [];
      for (const [i, body] of bodies.entries()) {
        issues.push(...(await inputIssues(w.tx, missionId, w.access.seesHidden, body, pathOf(i))));
      }
      if (issues.length > 0) throw validationFailed(issues);
      const [last] = await w.tx
        .select({ n: max(findings.number) })
        .from(findings)
        .where(eq(findings.missionId, missionId));
      const rows: FindingRow[] = [];
      for (const [i, body] of bodies.entries()) {
        rows.push(await this.insert(w, missionId, (last?.n ?? 0) + i + 1, body));
      }
      return toFindings(w.tx, rows, w.access.seesHidden);
    });
  }

  private async insert(w: MissionWrite, missionId: string, number: number, body: FindingCreate) {
    const [row] = await w.tx
      .insert(findings)
      .values({
        id: newId(),
        missionId,
        number,
        title: body.title,
        severity: body.severity,
        status: 'open',
        descriptionMd: body.description_md,
        recommendationMd: body.recommendation_md,
        gapReason: body.gap_reason,
        sigmaRule: body.sigma_rule,
        siemQuery: body.siem_query,
        ticketUrl: body.ticket_url,
        ownerUserId: body.owner_user_id,
        ownerName: body.owner_name,
        dueOn: body.due_on,
        version: 1,
        createdBy: w.actorId,
        createdAt: w.now,
        updatedAt: w.now,
      })
      .returning();
    await setFindingTests(w.tx, row!.id, body.test_ids);
    await w.change('finding.changed', { findingId: row!.id });
    w.audit({
      action: 'finding.created',
      targetType: 'finding',
      targetId: row!.id,
      after: { number, ...auditView(row!, body.test_ids) },
    });
    return row!;
  }

  /**
   * 401 → 404 → 403 → 422 (payload, links, owner, reason) → 409 (stale If-Match) → 409 (a
   * status change the machine does not allow, naming both states) → write.
   */
  async update(
    audit: AuditContext,
    id: string,
    body: FindingUpdate,
    ifMatch: number | undefined,
  ): Promise<Finding> {
    return findingWrite(this.ctx, audit, id, async (w, row) => {
      const from = row.status as FindingStatus;
      const to = body.status ?? from;
      const issues = await inputIssues(w.tx, row.missionId, w.access.seesHidden, body, 'body', row);
      const reason = body.status_reason === undefined ? row.statusReason : body.status_reason;
      if (to !== from && FINDING_STATUSES_WITH_REASON.includes(to) && !reason?.trim()) {
        issues.push({ path: 'body.status_reason', message: `is required to move to ${to}` });
      }
      if (issues.length > 0) throw validationFailed(issues);
      const expected = ifMatch ?? body.version;
      if (expected !== undefined && expected !== row.version) {
        throw new DomainError(
          ErrorCode.VersionConflict,
          `The finding was changed by someone else (now version ${row.version}, you had ${expected}); reload and re-apply your change`,
          { context: { current_version: row.version } },
        );
      }
      if (to !== from && !canMoveFinding(from, to)) {
        const allowed = FINDING_TRANSITIONS[from];
        throw new DomainError(
          ErrorCode.InvalidTransition,
          `A finding cannot go from ${from} to ${to}` +
            (allowed.length ? ` (from ${from}: ${allowed.join(', ')})` : ` (${from} is final)`),
          { context: { status: from, target: to, allowed } },
        );
      }
      const { version: _v, status: _s, test_ids: testIds, ...fields } = body;
      const set = findingColumns(fields);
      if (to !== from) {
        set.status = to;
        set.statusReason = FINDING_STATUSES_WITH_REASON.includes(to) ? reason!.trim() : null;
      }
      const beforeTests = await linkedTestIds(w.tx, id);
      const afterTests = testIds ? [...new Set(testIds)].sort() : beforeTests;
      const diff = changedFields(
        auditView(row, beforeTests),
        auditView({ ...row, ...set }, afterTests),
      );
      if (Object.keys(diff.after).length === 0) {
        return (await toFindings(w.tx, [row], w.access.seesHidden))[0]!;
      }
      const [next] = await w.tx
        .update(findings)
        .set({ ...set, version: row.version + 1, updatedAt: w.now })
        .where(eq(findings.id, id))
        .returning();
      if (testIds) await setFindingTests(w.tx, id, testIds);
      await w.change('finding.changed', { findingId: id });
      w.audit({
        action: to !== from ? 'finding.status_changed' : 'finding.updated',
        targetType: 'finding',
        targetId: id,
        before: { ...diff.before, version: row.version },
        after: { ...diff.after, version: row.version + 1 },
      });
      return (await toFindings(w.tx, [next!], w.access.seesHidden))[0]!;
    });
  }

  /** Soft delete (409 when stale); the audit keeps what it was. */
  async remove(audit: AuditContext, id: string, ifMatch: number | undefined): Promise<void> {
    await findingWrite(this.ctx, audit, id, async (w, row) => {
      if (ifMatch !== undefined && ifMatch !== row.version) {
        throw new DomainError(
          ErrorCode.VersionConflict,
          `The finding was changed by someone else (now version ${row.version}, you had ${ifMatch})`,
          { context: { current_version: row.version } },
        );
      }
      await w.tx
        .update(findings)
        .set({ deletedAt: w.now, updatedAt: w.now, version: row.version + 1 })
        .where(eq(findings.id, id));
      await w.change('finding.changed', { findingId: id });
      w.audit({
        action: 'finding.deleted',
        targetType: 'finding',
        targetId: id,
        before: auditView(row, await linkedTestIds(w.tx, id)),
      });
    });
  }
}
