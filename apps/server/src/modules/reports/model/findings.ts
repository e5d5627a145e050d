import {
  FindingStatus,
  type DetectionLevel,
  type Finding,
  type MissionCompare,
} from '@metamorph/contract';
import type { Redactor } from '../redaction/redactor.js';
import {
  CHANGE_LABELS,
  FINDING_STATUS_LABELS,
  GAP_REASON_LABELS,
  SEVERITY_COLOURS,
  SEVERITY_LABELS,
  SEVERITY_ORDER,
  percent,
} from './format.js';
import type { ReportBeforeAfter, ReportFinding, ReportFindings } from './report-model.js';

/** The tests a finding may link to: the report's numbers, and every live test's name. */
export interface TestIndex {
  numbers: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
}

/**
 * The findings section: each finding with its free text redacted (title, markdown, reason,
 * Sigma rule, SIEM query, ticket URL), linked tests by their report number, counts by severity
 * (all five, worst first) and by status (those that occur, in the status machine's order).
 */
export function reportFindings(
  list: readonly Finding[],
  tests: TestIndex,
  r: Redactor,
): ReportFindings {
  const items: ReportFinding[] = list.map((f) => ({
    id: f.id,
    number: f.number,
    title: r.redact(f.title).text,
    severity: {
      key: f.severity,
      label: SEVERITY_LABELS[f.severity],
      colour: SEVERITY_COLOURS[f.severity],
    },
    status: FINDING_STATUS_LABELS[f.status],
    statusReason: r.text(f.status_reason),
    owner: f.owner_display_name ?? f.owner_name,
    dueOn: f.due_on,
    techniques: f.techniques.map((t) => ({ externalId: t.external_id, name: t.name })),
    tests: f.test_ids.map((id) => ({
      id,
      number: tests.numbers.get(id) ?? null,
      name: tests.names.get(id) ?? 'Test',
    })),
    gapReason: f.gap_reason ? (GAP_REASON_LABELS[f.gap_reason] ?? f.gap_reason) : null,
    descriptionMd: blank(r.text(f.description_md)),
    recommendationMd: blank(r.text(f.recommendation_md)),
    sigmaRule: blank(r.text(f.sigma_rule)),
    siemQuery: blank(r.text(f.siem_query)),
    ticketUrl: blank(r.text(f.ticket_url)),
    retestTests: f.retest_test_ids.length,
  }));
  const count = <K extends string>(key: K, of: (f: Finding) => K) =>
    list.filter((f) => of(f) === key).length;
  return {
    items,
    bySeverity: SEVERITY_ORDER.map((s) => ({
      key: s,
      label: SEVERITY_LABELS[s],
      colour: SEVERITY_COLOURS[s],
      count: count(s, (f) => f.severity),
    })),
    byStatus: FindingStatus.options
      .map((s) => ({
        key: s,
        label: FINDING_STATUS_LABELS[s],
        colour: null,
        count: count(s, (f) => f.status),
      }))
      .filter((c) => c.count > 0),
  };
}

const blank = (s: string | null): string | null => (s && s.trim() ? s : null);

type Side = MissionCompare['tests'][number]['before'];
const VERDICT: Record<string, string> = { pass: 'pass', gap: 'gap' };

function outcome(side: Side, levels: ReadonlyMap<string, string>, states: Record<string, string>) {
  if (!side) return '—';
  const what = side.level_key
    ? (levels.get(side.level_key) ?? side.level_key)
    : (states[side.state] ?? side.state);
  return side.verdict ? `${what} (${VERDICT[side.verdict] ?? side.verdict})` : what;
}

const rateHint = (r: MissionCompare['detection']['before']) =>
  r.denominator === 0 ? 'no matched test reviewed' : `${r.numerator} of ${r.denominator} detected`;

/**
 * The before / after section of a retest mission, from the findings module's compare (the
 * same answer as GET /api/missions/:id/compare/:otherId): per test outcome before and after,
 * detection rates overall and per tactic over the matched tests, the original's findings and
 * how many the retest closed.
 */
export function reportBeforeAfter(
  c: MissionCompare,
  levels: readonly DetectionLevel[],
  states: Record<string, string>,
  r: Redactor,
): ReportBeforeAfter {
  const byKey = new Map(levels.map((l) => [l.key, l.label]));
  return {
    before: { name: c.before.name, createdAt: new Date(c.before.created_at) },
    after: { name: c.after.name, createdAt: new Date(c.after.created_at) },
    detection: {
      before: percent(c.detection.before.rate),
      after: percent(c.detection.after.rate),
      beforeHint: rateHint(c.detection.before),
      afterHint: rateHint(c.detection.after),
    },
    tests: c.tests.map((t) => ({
      name: (t.after ?? t.before)?.name ?? 'Test',
      before: outcome(t.before, byKey, states),
      after: outcome(t.after, byKey, states),
      change: CHANGE_LABELS[t.change] ?? t.change,
      changeKey: t.change,
    })),
    tactics: c.tactics.map((t) => ({
      tactic: t.name ?? t.external_id,
      before: percent(t.before.rate),
      after: percent(t.after.rate),
    })),
    findings: {
      total: c.findings.total,
      closed: c.findings.closed,
      items: c.findings.items.map((f) => ({
        title: r.redact(f.title).text,
        severity: SEVERITY_LABELS[f.severity],
        status: FINDING_STATUS_LABELS[f.status],
      })),
    },
  };
}
