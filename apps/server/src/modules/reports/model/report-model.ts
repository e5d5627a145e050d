import type { ReportFormat, ReportSection } from '@metamorph/contract';

/**
 * What every renderer (PDF, DOCX, HTML) receives: the mission's report already assembled,
 * filtered (hidden tests, "include in report" off) and redacted. Renderers only lay it out;
 * they never read the database and never see an unredacted string.
 *
 * Tests are rows (small); evidence bytes are fetched one file at a time through
 * `ReportEvidence.thumbnail()` / `textPreview` so memory does not grow with the mission.
 */
export interface ReportModel {
  format: ReportFormat;
  generatedAt: Date;
  /** Sections chosen, in report order (the cover is always rendered). */
  sections: readonly ReportSection[];
  cover: ReportCover;
  /** Markdown (redacted); null when the lead wrote none. */
  executiveSummaryMd: string | null;
  keyNumbers: ReportKeyNumber[];
  /** Server-rendered SVG of the contract's chart definitions (packages/contract/src/charts.ts). */
  charts: ReportChart[];
  heatmap: ReportHeatmap;
  tactics: ReportTacticRow[];
  /** The mission's findings (redacted), by number, with counts by severity and status. */
  findings: ReportFindings;
  /** A retest mission against its original; null otherwise (the section is then left out). */
  beforeAfter: ReportBeforeAfter | null;
  tests: ReportTest[];
  /** Every live evidence file of the reported tests, in test order. */
  evidenceManifest: ReportManifestRow[];
  /** Detection levels, best first (the methodology appendix defines them). */
  levels: ReportLevel[];
  /** Methodology text (markdown). */
  methodologyMd: string;
  /** Names of the redaction patterns applied, for the appendix (never the matches). */
  redactionPatterns: string[];
}

export interface ReportCover {
  clientName: string;
  missionName: string;
  status: string;
  startDate: string | null;
  endDate: string | null;
  descriptionMd: string | null;
  /** Members grouped by mission role ("Lead", "Red", "Blue", …). */
  team: Array<{ role: string; names: string[] }>;
  attackRelease: string | null;
  generatedBy: string;
}

export interface ReportKeyNumber {
  label: string;
  /** Already formatted ("62 %", "14 min", "37 / 60"). */
  value: string;
  hint: string | null;
}

export interface ReportChart {
  id: string;
  title: string;
  /** A complete `<svg …>…</svg>` document with explicit width and height. */
  svg: string;
  width: number;
  height: number;
}

export interface ReportHeatmap {
  /** Tactics in matrix order; each column lists the techniques tested under it. */
  columns: Array<{
    tactic: string;
    cells: Array<{
      externalId: string;
      name: string;
      /** Null when not tested / no outcome yet. */
      levelLabel: string | null;
      colour: string | null;
      /** e.g. "2/5" procedures detected. */
      fraction: string;
    }>;
  }>;
  legend: Array<{ label: string; colour: string }>;
  rule: 'worst' | 'best' | 'latest';
}

export interface ReportTacticRow {
  tactic: string;
  tests: number;
  reviewed: number;
  detected: number;
  prevented: number;
  /** Formatted detection rate, "—" when nothing reviewed. */
  rate: string;
}

export interface ReportFindings {
  items: ReportFinding[];
  /** Every severity, worst first, with its count (zeros included: the table reads evenly). */
  bySeverity: ReportCount[];
  /** The statuses that occur, in the status machine's order. */
  byStatus: ReportCount[];
}

export interface ReportCount {
  key: string;
  label: string;
  count: number;
  /** A chip colour (severities); null for statuses. */
  colour: string | null;
}

export interface ReportFinding {
  id: string;
  number: number;
  title: string;
  severity: { key: string; label: string; colour: string };
  status: string;
  /** Why (risk accepted), redacted. */
  statusReason: string | null;
  owner: string | null;
  dueOn: string | null;
  techniques: Array<{ externalId: string; name: string | null }>;
  /** Linked tests: the report's number ("2.1") when the test is in this report, else null. */
  tests: Array<{ id: string; number: string | null; name: string }>;
  gapReason: string | null;
  /** Markdown, redacted (rendered sanitised like every other markdown of the report). */
  descriptionMd: string | null;
  recommendationMd: string | null;
  /** Detection-engineering references, redacted. */
  sigmaRule: string | null;
  siemQuery: string | null;
  ticketUrl: string | null;
  /** Retest tests judging the finding (their count; names are in the retest's report). */
  retestTests: number;
}

export interface ReportBeforeAfter {
  before: { name: string; createdAt: Date };
  after: { name: string; createdAt: Date };
  /** Formatted detection rates over the matched tests ("50 %", "—"). */
  detection: { before: string; after: string; beforeHint: string; afterHint: string };
  tests: Array<{
    name: string;
    before: string;
    after: string;
    /** "Improved", "Regressed", "Unchanged", "Pending", "Added", "Dropped". */
    change: string;
    changeKey: string;
  }>;
  tactics: Array<{ tactic: string; before: string; after: string }>;
  findings: {
    total: number;
    closed: number;
    items: Array<{ title: string; severity: string; status: string }>;
  };
}

export interface ReportLevel {
  key: string;
  label: string;
  colour: string;
  countsAs: string;
  coverageScore: number;
  description: string | null;
}

export interface ReportToolResult {
  toolName: string;
  layer: string | null;
  prevented: string;
  alerted: string;
  logged: string;
  ruleName: string | null;
  detectedAt: Date | null;
  note: string | null;
}

export interface ReportEvidence {
  id: string;
  fileName: string;
  caption: string | null;
  side: 'red' | 'blue';
  mime: string;
  sizeBytes: number;
  sha256: string;
  isImage: boolean;
  /**
   * A JPEG thumbnail (≤ 800 px wide) for images, null for other files. Each call reads one
   * file; renderers call it while writing the test and drop the buffer after.
   */
  thumbnail(): Promise<ReportImage | null>;
  /**
   * Makes and caches the thumbnail ahead of rendering when it is missing (evidence uploaded
   * before thumbnails were made at upload, a cleared cache); keeps nothing in memory.
   */
  warmThumbnail(): Promise<void>;
  /** Redacted first lines of a text file, null otherwise. */
  textPreview(): Promise<string | null>;
}

export interface ReportImage {
  jpeg: Buffer;
  width: number;
  height: number;
}

export interface ReportTest {
  id: string;
  /** "3.2" — scenario and test position, stable across formats. */
  number: string;
  scenarioName: string;
  name: string;
  state: string;
  objective: string | null;
  procedureMd: string | null;
  attack: Array<{ externalId: string; name: string | null }>;
  command: string | null;
  output: string | null;
  attackStartedAt: Date | null;
  attackEndedAt: Date | null;
  executedAt: Date | null;
  executionResult: string | null;
  level: { label: string; colour: string } | null;
  overrideReason: string | null;
  toolResults: ReportToolResult[];
  redCommentMd: string | null;
  blueCommentMd: string | null;
  /** "Met", "Better than expected", "Not met" or null when nothing was expected. */
  expectation: string | null;
  expectedSummary: string | null;
  gapReason: string | null;
  evidence: ReportEvidence[];
}

export interface ReportManifestRow {
  testNumber: string;
  testName: string;
  fileName: string;
  side: 'red' | 'blue';
  caption: string | null;
  sizeBytes: number;
  sha256: string;
}

/** Renderers write to a stream and report progress per test. */
export interface ReportRenderer {
  readonly format: ReportFormat;
  readonly mime: string;
  readonly extension: string;
  render(
    model: ReportModel,
    out: NodeJS.WritableStream,
    progress: (done: number, total: number) => Promise<void> | void,
  ): Promise<void>;
}
