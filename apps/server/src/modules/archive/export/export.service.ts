import type { Readable } from 'node:stream';
import { ErrorCode, archiveEvidencePath } from '@metamorph/contract';
import type { AppContext } from '../../../context.js';
import type { MissionAccess } from '../../../kernel/mission-access.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import { DomainError } from '../../../platform/errors.js';
import { asciiSlug, unicodeSlug } from '../../results/index.js';
import { contentDisposition } from '../../../platform/http/content-disposition.js';
import { loadArchiveRows } from './load.js';
import { buildManifest } from './manifest.js';
import { archiveStream, type ArchiveFile } from './zip-writer.js';

export interface ArchiveDownload {
  disposition: string;
  stream: Readable;
}

/** `metamorph-<mission>-YYYY-MM-DD[-red].zip` (the date of the export, UTC). */
export function archiveFileName(
  missionName: string,
  at: Date,
  blue: boolean,
  slug: (s: string) => string,
): string {
  return `metamorph-${slug(missionName)}-${at.toISOString().slice(0, 10)}${blue ? '' : '-red'}.zip`;
}

/**
 * Reads the mission in one transaction, checks that every evidence file is in the store (a
 * missing one is a 500 before anything is sent, never a truncated download), writes the audit
 * row in the same transaction and hands back the zip stream.
 */
export async function exportArchive(
  ctx: AppContext,
  audit: AuditContext,
  access: MissionAccess,
  blue: boolean,
): Promise<ArchiveDownload> {
  const exportedAt = ctx.clock.now();
  const missionId = access.mission.id;
  const { manifest, files } = await ctx.db.transaction(async (tx) => {
    const rows = await loadArchiveRows(tx, access);
    const built = buildManifest(rows, { blue, exportedAt });
    const seen = new Map<string, ArchiveFile>();
    const kept = new Set(built.evidence.map((e) => e.id));
    for (const e of rows.evidence) {
      if (!kept.has(e.id) || seen.has(e.sha256)) continue;
      seen.set(e.sha256, {
        path: archiveEvidencePath(e.sha256),
        key: { missionId, testId: e.testId, sha256: e.sha256, ext: e.ext },
        size: e.sizeBytes,
        mime: e.mime,
        mtime: e.uploadedAt,
      });
    }
    for (const f of seen.values()) {
      if (!(await ctx.evidence.has(f.key))) {
        throw new DomainError(
          ErrorCode.Internal,
          `The evidence file ${f.key.sha256} is missing from storage; the archive cannot be complete`,
        );
      }
    }
    await appendAudit(tx, ctx.clock, audit, {
      action: 'mission.archive_exported',
      targetId: missionId,
      missionId,
      after: {
        blue_included: blue,
        tests: built.tests.length,
        evidence: built.evidence.length,
        findings: built.findings?.length ?? 0,
        hidden_included: access.seesHidden,
      },
    });
    return { manifest: built, files: [...seen.values()] };
  });
  const name = manifest.mission.name;
  return {
    disposition: contentDisposition(
      'attachment',
      archiveFileName(name, exportedAt, blue, unicodeSlug),
      {
        ascii: archiveFileName(name, exportedAt, blue, asciiSlug),
      },
    ),
    stream: archiveStream(manifest, files, ctx.evidence, exportedAt),
  };
}
