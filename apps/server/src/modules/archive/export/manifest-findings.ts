import { ARCHIVE_BLUE_FINDING_KEYS, type ArchiveFinding, type Finding } from '@metamorph/contract';

/**
 * A mission's findings in the manifest (format 2). `findings` are what the findings module
 * shows the exporter (the hidden rule applied); a linked test is kept only when the archive
 * holds it. Retest links point outside the archive and are kept as the exporter's ids.
 * Without blue details, the ARCHIVE_BLUE_FINDING_KEYS are left out.
 */
export function findingsOf(
  findings: readonly Finding[],
  opts: {
    blue: boolean;
    testIds: ReadonlySet<string>;
    email: (id: string | null) => string | null;
  },
): ArchiveFinding[] {
  return findings.map((f) => {
    const out: ArchiveFinding = {
      id: f.id,
      number: f.number,
      title: f.title,
      severity: f.severity,
      status: f.status,
      status_reason: f.status_reason,
      description_md: f.description_md,
      recommendation_md: f.recommendation_md,
      test_ids: f.test_ids.filter((id) => opts.testIds.has(id)),
      gap_reason: f.gap_reason,
      sigma_rule: f.sigma_rule,
      siem_query: f.siem_query,
      ticket_url: f.ticket_url,
      owner: opts.email(f.owner_user_id),
      owner_name: f.owner_name,
      due_on: f.due_on,
      retest_test_ids: f.retest_test_ids,
      version: f.version,
      created_by: opts.email(f.created_by),
      created_at: f.created_at,
      updated_at: f.updated_at,
    };
    if (!opts.blue) for (const k of ARCHIVE_BLUE_FINDING_KEYS) delete out[k];
    return out;
  });
}
