import type { ReportFormat, ReportOptions } from '@metamorph/contract';
import {
  STATE_LABELS,
  buildDashboard,
  heatmapCells,
  testFacts,
  toLevelInfo,
} from '../../results/index.js';
import { NO_REDACTION, Redactor, compilePatterns } from '../redaction/redactor.js';
import { reportCharts } from './charts.js';
import type { EvidenceStore } from '../../../platform/blob/evidence-store.js';
import type { ThumbnailCache } from '../../../platform/thumbnails/cache.js';
import { reportBeforeAfter, reportFindings } from './findings.js';
import { ROLE_LABELS, ROLE_ORDER } from './format.js';
import type { ReportSource } from './load.js';
import { METHODOLOGY_MD } from './methodology.js';
import type { ReportCover, ReportModel } from './report-model.js';
import { heatmapColumns, keyNumbers, tacticRows } from './results.js';
import { manifestRows, reportTest, testNumbers } from './tests.js';

export interface BuildInput {
  source: ReportSource;
  format: ReportFormat;
  options: ReportOptions;
  generatedAt: Date;
  generatedBy: string;
  store: EvidenceStore;
  thumbnails: ThumbnailCache;
}

/** The redactor a report's options ask for: built-in and admin patterns, or none. */
export function reportRedactor(source: ReportSource, options: ReportOptions): Redactor {
  return options.redact ? new Redactor(compilePatterns(source.adminPatterns)) : NO_REDACTION;
}

/**
 * The report model from the results read model: the same dashboard numbers, heat map and chart
 * definitions as the web app, over the reported tests only (include_in_report, hidden ones when
 * asked for by someone who sees them). Every free text is redacted here, before any renderer.
 */
export function buildReportModel(input: BuildInput): ReportModel {
  const { source, options } = input;
  const m = source.mission;
  const redactor = reportRedactor(source, options);
  const basis = 'reviewed' as const;
  const dashboard = buildDashboard({
    mission: {
      id: m.id,
      name: m.name,
      client_id: m.clientId,
      client_name: source.clientName,
      start_date: m.startDate,
      end_date: m.endDate,
    },
    changeSeq: m.changeSeq,
    data: source.data,
    levels: source.levels.map((l) =>
      toLevelInfo({ ...l, countsAs: l.counts_as, coverageScore: l.coverage_score }),
    ),
    basis,
    tacticOrder: source.tacticOrder,
  });
  const facts = testFacts(source.data, basis);
  const numbers = testNumbers(facts);
  const deps = { store: input.store, cache: input.thumbnails, redactor };
  const tests = facts.map((f, i) =>
    reportTest(f, numbers[i]!, source.text.get(f.row.id), redactor, deps),
  );
  const manifest = manifestRows(tests);
  if (!options.include_evidence) for (const t of tests) t.evidence = [];
  const cells = heatmapCells(facts, 'worst', basis);
  const findings = reportFindings(
    source.findings,
    { numbers: new Map(tests.map((t) => [t.id, t.number])), names: source.testNames },
    redactor,
  );
  const beforeAfter = source.compare
    ? reportBeforeAfter(source.compare, source.levels, STATE_LABELS, redactor)
    : null;
  return {
    format: input.format,
    generatedAt: input.generatedAt,
    // Before / after exists only for a retest mission (whose original the author may see).
    sections: options.sections.filter((s) => s !== 'before_after' || beforeAfter !== null),
    cover: cover(source, input.generatedBy, tests.length),
    executiveSummaryMd: m.executiveSummaryMd?.trim()
      ? redactor.redact(m.executiveSummaryMd).text
      : null,
    keyNumbers: keyNumbers(dashboard),
    charts: options.sections.includes('charts') ? reportCharts(dashboard) : [],
    heatmap: heatmapColumns(cells, source.data, source.tacticOrder, source.levels),
    tactics: tacticRows(dashboard),
    findings,
    beforeAfter,
    tests,
    evidenceManifest: manifest,
    levels: [...source.levels]
      .sort((a, b) => b.rank - a.rank)
      .map((l) => ({
        key: l.key,
        label: l.label,
        colour: l.colour,
        countsAs: l.counts_as,
        coverageScore: l.coverage_score,
        description: l.description ?? null,
      })),
    methodologyMd: METHODOLOGY_MD,
    redactionPatterns: redactor.names,
  };
}

function cover(source: ReportSource, generatedBy: string, tests: number): ReportCover {
  const m = source.mission;
  const releases = new Map<string, number>();
  for (const t of source.data.tests) {
    for (const a of t.attack) {
      if (a.attackRelease) releases.set(a.attackRelease, (releases.get(a.attackRelease) ?? 0) + 1);
    }
  }
  const release = [...releases.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return {
    clientName: source.clientName,
    missionName: m.name,
    status: m.status,
    startDate: m.startDate,
    endDate: m.endDate,
    descriptionMd: m.descriptionMd,
    team: ROLE_ORDER.map((role) => ({
      role: ROLE_LABELS[role],
      names: source.team.filter((x) => x.role === role).map((x) => x.displayName),
    })).filter((g) => g.names.length > 0),
    attackRelease: tests > 0 ? release : null,
    generatedBy,
  };
}
