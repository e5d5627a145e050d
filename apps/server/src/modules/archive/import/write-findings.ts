import type { ArchiveManifest } from '@metamorph/contract';
import { findingRetestTests, findingTests, findings } from '../../../db/schema/index.js';
import type { Tx } from '../../../platform/tx.js';
import type { ImportMapping } from './mapping.js';
import type { RetestLinks } from './retest-links.js';
import { insertBatches, type IdMap } from './write.js';

/**
 * The archive's findings under new ids, with their numbers, versions and times as archived.
 * An owner unknown here becomes `owner_name` (their display name) so the name is not lost; the
 * linked tests are the imported ones; retest links only where the retest test exists here.
 */
export async function writeFindings(
  tx: Tx,
  m: ArchiveManifest,
  map: ImportMapping,
  ids: IdMap,
  links: RetestLinks,
  missionId: string,
): Promise<number> {
  const list = m.findings ?? [];
  if (list.length === 0) return 0;
  const user = (email: string | null) =>
    email ? (map.users.get(email.toLowerCase()) ?? null) : null;
  const names = new Map(m.users.map((u) => [u.email.toLowerCase(), u.display_name]));
  const rows = list.map((f) => {
    const owner = user(f.owner);
    const lost = f.owner && !owner ? (names.get(f.owner.toLowerCase()) ?? f.owner) : null;
    return {
      id: ids.of(f.id),
      missionId,
      number: f.number,
      title: f.title,
      severity: f.severity,
      status: f.status,
      statusReason: f.status_reason,
      descriptionMd: f.description_md,
      recommendationMd: f.recommendation_md,
      gapReason: f.gap_reason ?? null,
      sigmaRule: f.sigma_rule ?? null,
      siemQuery: f.siem_query ?? null,
      ticketUrl: f.ticket_url,
      ownerUserId: owner,
      ownerName: f.owner_name ?? lost,
      dueOn: f.due_on,
      version: f.version,
      createdBy: user(f.created_by),
      createdAt: new Date(f.created_at),
      updatedAt: new Date(f.updated_at),
    };
  });
  await insertBatches(rows, (b) => tx.insert(findings).values(b));
  const tested = list.flatMap((f) =>
    f.test_ids.map((t) => ({ findingId: ids.of(f.id), testId: ids.of(t) })),
  );
  await insertBatches(tested, (b) => tx.insert(findingTests).values(b));
  const judged = list.flatMap((f) =>
    f.retest_test_ids
      .filter((t) => links.retestTests.has(t))
      .map((testId) => ({ findingId: ids.of(f.id), testId })),
  );
  await insertBatches(judged, (b) => tx.insert(findingRetestTests).values(b));
  return list.length;
}
