import type {
  FindingRedactionHit,
  RedactionHit,
  RedactionPreview,
  ReportOptions,
} from '@metamorph/contract';
import type { AppContext } from '../../../context.js';
import type { MissionAccess } from '../../../kernel/mission-access.js';
import { requirePermission } from '../../../platform/authz.js';
import { notFound } from '../../../platform/errors.js';
import { inTx } from '../../../platform/tx.js';
import { reportRedactor } from '../model/build.js';
import { isTextMime, readTextHead } from '../model/evidence.js';
import { loadReportSource } from '../model/load.js';

/** Hits listed at most (the total counts them all). */
export const PREVIEW_MAX_HITS = 200;

type Field = RedactionHit['field'];
type FindingField = FindingRedactionHit['field'];

/**
 * What a report with these options would mask, field by field, over the very tests it would
 * contain (every text the report redacts: command, output, comments, override reason, tool
 * notes, evidence captions and text previews) and its findings when the findings section is
 * chosen. Each hit carries an excerpt with every secret already masked: a secret never
 * leaves the server. With `redact: false` nothing would be masked, so nothing is listed.
 */
export async function redactionPreview(
  ctx: AppContext,
  access: MissionAccess,
  options: ReportOptions,
): Promise<RedactionPreview> {
  requirePermission(access.actor, 'report.export');
  const includeHidden = options.include_hidden && access.seesHidden;
  const source = await inTx(ctx.db, (tx) =>
    loadReportSource(tx, access.mission.id, { includeHidden }),
  );
  if (!source) throw notFound('Mission');
  const empty = {
    hits: [],
    executive_summary_hits: [],
    finding_hits: [],
    total: 0,
    truncated: false,
  };
  if (!options.redact) return empty;
  const r = reportRedactor(source, options);
  const hits: RedactionHit[] = [];
  const findingHits: FindingRedactionHit[] = [];
  let total = 0;
  let listed = 0;
  const scan = (text: string | null, at: (pattern: string, excerpt: string) => void) => {
    if (!text) return;
    const { spans } = r.redact(text);
    for (const s of spans) {
      total += 1;
      if (listed >= PREVIEW_MAX_HITS) continue;
      listed += 1;
      at(s.pattern, r.excerpt(text, s, spans));
    }
  };
  const summary: RedactionPreview['executive_summary_hits'] = [];
  scan(source.mission.executiveSummaryMd, (pattern, excerpt) => summary.push({ pattern, excerpt }));
  for (const t of source.data.tests) {
    const hit = (field: Field) => (pattern: string, excerpt: string) =>
      hits.push({ test_id: t.id, test_name: t.name, field, pattern, excerpt });
    scan(t.redCommand, hit('command'));
    scan(t.redOutput, hit('output'));
    scan(t.redCommentMd, hit('red_comment'));
    scan(t.blueCommentMd, hit('blue_comment'));
    scan(t.outcomeOverrideReason, hit('override_reason'));
    for (const tool of t.toolResults) scan(tool.note, hit('tool_note'));
    // Captions are in the manifest too, so they are masked with or without evidence.
    for (const e of t.evidence) scan(e.caption, hit('evidence_caption'));
    if (!options.include_evidence) continue;
    for (const e of t.evidence.filter((x) => isTextMime(x.mime))) {
      const key = { missionId: t.missionId, testId: t.id, sha256: e.sha256, ext: e.ext };
      scan(await readTextHead(ctx.evidence, key), hit('evidence_text'));
    }
  }
  if (options.sections.includes('findings')) {
    for (const f of source.findings) {
      const hit = (field: FindingField) => (pattern: string, excerpt: string) =>
        findingHits.push({
          finding_id: f.id,
          finding_number: f.number,
          finding_title: r.redact(f.title).text,
          field,
          pattern,
          excerpt,
        });
      scan(f.title, hit('title'));
      scan(f.description_md, hit('description'));
      scan(f.recommendation_md, hit('recommendation'));
      scan(f.status_reason, hit('status_reason'));
      scan(f.sigma_rule, hit('sigma_rule'));
      scan(f.siem_query, hit('siem_query'));
      scan(f.ticket_url, hit('ticket_url'));
    }
  }
  return {
    hits,
    executive_summary_hits: summary,
    finding_hits: findingHits,
    total,
    truncated: total > listed,
  };
}
