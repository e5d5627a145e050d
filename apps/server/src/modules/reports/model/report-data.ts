import {
  REPORT_DATA_SCHEMA_VERSION,
  type ReportData,
  type ReportOptions,
} from '@metamorph/contract';
import { heatmapSvg } from '../render/heatmap-svg.js';
import type { ReportModel, ReportTest } from './report-model.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * The report model as its published JSON (`ReportData`, snake_case): the same filtered and
 * redacted values every renderer receives, nothing read again. Evidence is listed, never
 * read (its bytes stay in the mission's evidence); charts and the heat map are SVG images
 * referenced by id.
 */
export function toReportData(
  model: ReportModel,
  missionId: string,
  options: ReportOptions,
): ReportData {
  const c = model.cover;
  const map = heatmapSvg(model.heatmap);
  return {
    schema_version: REPORT_DATA_SCHEMA_VERSION,
    generated_at: model.generatedAt.toISOString(),
    generated_by: c.generatedBy,
    client: { name: c.clientName },
    mission: {
      id: missionId,
      name: c.missionName,
      status: c.status,
      start_date: c.startDate,
      end_date: c.endDate,
      description_md: c.descriptionMd,
      attack_release: c.attackRelease,
    },
    team: c.team.map((g) => ({ role: g.role, names: [...g.names] })),
    options: {
      redact: options.redact,
      include_hidden: options.include_hidden,
      include_evidence: options.include_evidence,
    },
    redaction_patterns: [...model.redactionPatterns],
    executive_summary_md: model.executiveSummaryMd,
    key_numbers: model.keyNumbers.map((k) => ({ label: k.label, value: k.value, hint: k.hint })),
    results_by_tactic: model.tactics.map((t) => ({ ...t })),
    heatmap: {
      rule: model.heatmap.rule,
      legend: model.heatmap.legend.map((l) => ({ label: l.label, colour: l.colour })),
      columns: model.heatmap.columns.map((col) => ({
        tactic: col.tactic,
        cells: col.cells.map((x) => ({
          external_id: x.externalId,
          name: x.name,
          level_label: x.levelLabel,
          colour: x.colour,
          fraction: x.fraction,
        })),
      })),
    },
    tests: model.tests.map(test),
    findings: {
      items: model.findings.items.map((f) => ({
        id: f.id,
        number: f.number,
        title: f.title,
        severity: { ...f.severity },
        status: f.status,
        status_reason: f.statusReason,
        owner: f.owner,
        due_on: f.dueOn,
        techniques: f.techniques.map((a) => ({ external_id: a.externalId, name: a.name })),
        tests: f.tests.map((x) => ({ id: x.id, number: x.number, name: x.name })),
        gap_reason: f.gapReason,
        description_md: f.descriptionMd,
        recommendation_md: f.recommendationMd,
        sigma_rule: f.sigmaRule,
        siem_query: f.siemQuery,
        ticket_url: f.ticketUrl,
        retest_tests: f.retestTests,
      })),
      by_severity: model.findings.bySeverity.map((x) => ({ ...x })),
      by_status: model.findings.byStatus.map((x) => ({ ...x })),
    },
    before_after: beforeAfter(model.beforeAfter),
    evidence_manifest: model.evidenceManifest.map((r) => ({
      test_number: r.testNumber,
      test_name: r.testName,
      file_name: r.fileName,
      side: r.side,
      caption: r.caption,
      size_bytes: r.sizeBytes,
      sha256: r.sha256,
    })),
    detection_levels: model.levels.map((l) => ({
      key: l.key,
      label: l.label,
      colour: l.colour,
      counts_as: l.countsAs as ReportData['detection_levels'][number]['counts_as'],
      coverage_score: l.coverageScore,
      description: l.description,
    })),
    images: [
      ...model.charts.map((ch) => ({
        id: `chart:${ch.id}`,
        kind: 'chart' as const,
        title: ch.title,
        width: ch.width,
        height: ch.height,
        media_type: 'image/svg+xml' as const,
        svg: ch.svg,
      })),
      {
        id: 'heatmap',
        kind: 'heatmap' as const,
        title: 'ATT&CK heat map',
        width: map.width,
        height: map.height,
        media_type: 'image/svg+xml' as const,
        svg: map.svg,
      },
    ],
    methodology_md: model.methodologyMd,
  };
}

function test(t: ReportTest): ReportData['tests'][number] {
  return {
    id: t.id,
    number: t.number,
    scenario: t.scenarioName,
    name: t.name,
    state: t.state,
    objective: t.objective,
    procedure_md: t.procedureMd,
    attack: t.attack.map((a) => ({ external_id: a.externalId, name: a.name })),
    command: t.command,
    output: t.output,
    attack_started_at: iso(t.attackStartedAt),
    attack_ended_at: iso(t.attackEndedAt),
    executed_at: iso(t.executedAt),
    execution_result: t.executionResult,
    level: t.level ? { label: t.level.label, colour: t.level.colour } : null,
    override_reason: t.overrideReason,
    tool_results: t.toolResults.map((r) => ({
      tool_name: r.toolName,
      layer: r.layer,
      prevented: r.prevented,
      alerted: r.alerted,
      logged: r.logged,
      rule_name: r.ruleName,
      detected_at: iso(r.detectedAt),
      note: r.note,
    })),
    red_comment_md: t.redCommentMd,
    blue_comment_md: t.blueCommentMd,
    expectation: t.expectation,
    expected_summary: t.expectedSummary,
    gap_reason: t.gapReason,
    evidence: t.evidence.map((e) => ({
      id: e.id,
      file_name: e.fileName,
      caption: e.caption,
      side: e.side,
      mime: e.mime,
      size_bytes: e.sizeBytes,
      sha256: e.sha256,
      is_image: e.isImage,
    })),
  };
}

function beforeAfter(b: ReportModel['beforeAfter']): ReportData['before_after'] {
  if (!b) return null;
  return {
    before: { name: b.before.name, created_at: b.before.createdAt.toISOString() },
    after: { name: b.after.name, created_at: b.after.createdAt.toISOString() },
    detection: {
      before: b.detection.before,
      after: b.detection.after,
      before_hint: b.detection.beforeHint,
      after_hint: b.detection.afterHint,
    },
    tests: b.tests.map((x) => ({
      name: x.name,
      before: x.before,
      after: x.after,
      change: x.change,
      change_key: x.changeKey,
    })),
    tactics: b.tactics.map((x) => ({ ...x })),
    findings: {
      total: b.findings.total,
      closed: b.findings.closed,
      items: b.findings.items.map((x) => ({ ...x })),
    },
  };
}
