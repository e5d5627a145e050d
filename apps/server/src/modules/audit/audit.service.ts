import type { AuditPage, AuditQuery, AuditVerifyResponse } from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import { parseAnchor, toAuditWire, verifyAuditChain } from '../../platform/audit/audit.js';
import { validationFailed } from '../../platform/errors.js';
import { searchAudit } from './audit.repo.js';

const CURSOR = /^[1-9][0-9]{0,15}$/;

/** Reading the audit log and checking its hash chain (routes require audit.read). */
export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  async list(query: AuditQuery): Promise<AuditPage> {
    const { cursor, limit, from, to, ...filters } = query;
    if (cursor !== undefined && !CURSOR.test(cursor)) {
      throw validationFailed([
        { path: 'querystring.cursor', message: 'is not a cursor from a previous page' },
      ]);
    }
    const rows = await searchAudit(this.ctx.db, {
      ...filters,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
      beforeSeq: cursor ? Number(cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toAuditWire);
    const last = items.at(-1);
    return { items, next_cursor: rows.length > limit && last ? String(last.seq) : null };
  }

  verify(anchor?: string): Promise<AuditVerifyResponse> {
    return verifyAuditChain(this.ctx.db, { anchor: parseAnchor(anchor) });
  }
}
