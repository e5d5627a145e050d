import {
  ARCHIVE_LIMITS,
  ARCHIVE_MANIFEST_PATH,
  type ArchiveImportReport,
  type ArchiveManifest,
} from '@metamorph/contract';
import type { AppContext } from '../../../context.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import type { EvidenceKey } from '../../../platform/blob/evidence-store.js';
import type { JobProgressUpdate } from '../../../platform/jobs/types.js';
import { readEntryBytes } from './entry-stream.js';
import { checkFiles, checkReferences, parseManifest } from './manifest-check.js';
import { mappingReport, resolveMapping } from './mapping.js';
import { discardAll, stageEvidence, type StagedItem } from './stage-evidence.js';
import { resolveRetestLinks, retestWarnings } from './retest-links.js';
import { IdMap, writeMission } from './write.js';
import { ArchiveRefused, archiveCaps, openCheckedZip } from './zip-check.js';

export interface ImportOptions {
  clientId: string | null;
  importerId: string | null;
  signal: AbortSignal;
  progress(update: JobProgressUpdate): Promise<void>;
}

/**
 * Everything is checked before anything is written: the zip's directory, the manifest, every
 * reference, every file's size and SHA-256 (the bytes staged, invisible, while hashed). Only then
 * are the files put in place and the mission written in one transaction; should that fail, the
 * files it put in place are removed again.
 */
export async function importArchive(
  ctx: AppContext,
  audit: AuditContext,
  file: string,
  opts: ImportOptions,
): Promise<ArchiveImportReport> {
  const caps = archiveCaps(ctx.env.archive.maxUncompressedBytes);
  const checked = await openCheckedZip(file, caps);
  let m: ArchiveManifest;
  let staged: StagedItem[];
  try {
    const budget = { left: caps.maxUncompressedBytes };
    const entry = checked.files.get(ARCHIVE_MANIFEST_PATH);
    if (!entry) throw new ArchiveRefused(`it holds no ${ARCHIVE_MANIFEST_PATH}`);
    const bytes = await readEntryBytes(
      checked,
      ARCHIVE_MANIFEST_PATH,
      entry,
      budget,
      caps,
      ARCHIVE_LIMITS.maxManifestBytes,
    );
    m = parseManifest(bytes);
    checkReferences(m);
    checkFiles(m, checked.files);
    const total = m.evidence.length + 1;
    await opts.progress({ done: 0, total, message: 'Checking the evidence files' });
    staged = await stageEvidence(ctx.evidence, checked, m, budget, caps, {
      signal: opts.signal,
      onFile: (done) =>
        opts.progress({
          done,
          total,
          message: `Checked ${done} of ${m.evidence.length} evidence files`,
        }),
    });
  } finally {
    checked.close();
  }
  const ids = new IdMap();
  const missionId = ids.of(m.mission.id);
  const placed: EvidenceKey[] = [];
  try {
    await opts.progress({
      done: m.evidence.length,
      total: m.evidence.length + 1,
      message: 'Writing the mission',
    });
    for (const { evidence: e, staged: s } of staged) {
      const key = { missionId, testId: ids.of(e.test_id), ext: e.ext };
      await s.commit(key);
      placed.push({ ...key, sha256: s.sha256 });
    }
    const settings = await ctx.settings.get();
    const now = ctx.clock.now();
    return await ctx.db.transaction(async (tx) => {
      const map = await resolveMapping(tx, m, { clientId: opts.clientId, now });
      const links = await resolveRetestLinks(tx, m, map.client.id);
      const written = await writeMission(tx, m, map, ids, links, {
        id: opts.importerId,
        at: now,
      });
      const report: ArchiveImportReport = {
        mission_id: missionId,
        mission_name: m.mission.name,
        client: map.client,
        blue_included: m.blue_included,
        counts: {
          scenarios: m.scenarios.length,
          tests: m.tests.length,
          assets: m.assets.length,
          members: written.members,
          tool_results: written.toolResults,
          evidence: m.evidence.length,
          evidence_bytes: m.evidence.reduce((n, e) => n + e.size_bytes, 0),
          findings: written.findings,
        },
        retest_links: links.report,
        ...mappingReport(m, map),
        importer_added_as_lead: written.importerAdded,
        warnings: [
          ...warnings(m, settings['evidence.allowed_extensions'], settings['evidence.max_bytes']),
          ...retestWarnings(links.report),
        ],
      };
      if (map.client.created) {
        await appendAudit(tx, ctx.clock, audit, {
          action: 'client.created',
          targetId: map.client.id,
          after: { name: map.client.name, via: 'mission.import' },
        });
      }
      await appendAudit(tx, ctx.clock, audit, {
        action: 'mission.imported',
        targetId: missionId,
        missionId,
        after: {
          name: m.mission.name,
          client_id: map.client.id,
          exported_at: m.exported_at,
          blue_included: m.blue_included,
          counts: report.counts,
          unmapped_users: report.users.unmapped.map((u) => u.email),
          unmapped_levels: report.detection_levels.unmapped.map((l) => l.key),
          retest_links: report.retest_links,
        },
      });
      return report;
    });
  } catch (err) {
    // Should removing fail, a file stays behind: an orphan no row refers to, never a lost file.
    for (const key of placed) await ctx.evidence.delete(key).catch(() => undefined);
    throw err;
  } finally {
    await discardAll(staged);
  }
}

/** Notes on what this instance's policy would not have accepted as an upload (kept anyway). */
function warnings(m: ArchiveManifest, allowed: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  const odd = [
    ...new Set(m.evidence.map((e) => e.ext.slice(1)).filter((x) => !allowed.includes(x))),
  ];
  if (odd.length > 0) {
    out.push(
      `Evidence of types this instance does not accept as uploads was kept: .${odd.join(', .')}`,
    );
  }
  const big = m.evidence.filter((e) => e.size_bytes > maxBytes).length;
  if (big > 0)
    out.push(
      `${big} evidence files are over this instance's upload limit of ${maxBytes} bytes (kept)`,
    );
  if (!m.blue_included) out.push('The archive was exported without the blue team details');
  return out;
}
