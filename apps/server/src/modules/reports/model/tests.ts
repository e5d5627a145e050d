import type { TestFacts } from '../../results/index.js';
import { STATE_LABELS } from '../../results/index.js';
import type { Redactor } from '../redaction/redactor.js';
import { reportEvidence, type EvidenceDeps } from './evidence.js';
import {
  EXECUTION_RESULT_LABELS,
  EXPECTATION_LABELS,
  FACT_LABELS,
  GAP_REASON_LABELS,
  LAYER_LABELS,
  expectedSummary,
} from './format.js';
import type { TestText } from './load.js';
import type { ReportManifestRow, ReportTest } from './report-model.js';

/** "s.t" for each test: its scenario's rank among the reported scenarios, then its own rank. */
export function testNumbers(facts: readonly TestFacts[]): string[] {
  const scenarios = new Map<string, { n: number; tests: number }>();
  return facts.map((f) => {
    let s = scenarios.get(f.row.scenarioId);
    if (!s) {
      s = { n: scenarios.size + 1, tests: 0 };
      scenarios.set(f.row.scenarioId, s);
    }
    s.tests += 1;
    return `${s.n}.${s.tests}`;
  });
}

/** One reported test, every free text redacted, evidence fetched on demand. */
export function reportTest(
  f: TestFacts,
  number: string,
  text: TestText | undefined,
  r: Redactor,
  evidence: EvidenceDeps,
): ReportTest {
  const t = f.row;
  return {
    id: t.id,
    number,
    scenarioName: t.scenarioName,
    name: t.name,
    state: STATE_LABELS[t.state],
    objective: text?.objective ?? null,
    procedureMd: text?.procedureMd ?? null,
    attack: t.attack
      .filter((a) => a.kind !== 'tactic')
      .map((a) => ({ externalId: a.externalId, name: a.name })),
    command: r.text(t.redCommand),
    output: r.text(t.redOutput),
    attackStartedAt: t.attackStartedAt,
    attackEndedAt: t.attackEndedAt,
    executedAt: t.executedAt,
    executionResult: t.executionResult
      ? (EXECUTION_RESULT_LABELS[t.executionResult] ?? t.executionResult)
      : null,
    level: t.detectionLevel
      ? { label: t.detectionLevel.label, colour: t.detectionLevel.colour }
      : null,
    overrideReason: r.text(t.outcomeOverrideReason),
    toolResults: t.toolResults.map((x) => ({
      toolName: x.toolName,
      layer: x.layer ? LAYER_LABELS[x.layer] : null,
      prevented: FACT_LABELS[x.prevented] ?? x.prevented,
      alerted: FACT_LABELS[x.alerted] ?? x.alerted,
      logged: FACT_LABELS[x.logged] ?? x.logged,
      ruleName: x.ruleName,
      detectedAt: x.detectedAt,
      note: r.text(x.note),
    })),
    redCommentMd: r.text(t.redCommentMd),
    blueCommentMd: r.text(t.blueCommentMd),
    expectation: f.expectation ? (EXPECTATION_LABELS[f.expectation] ?? f.expectation) : null,
    expectedSummary: expectedSummary(t.expectedOutcomes),
    gapReason: t.gapReason ? (GAP_REASON_LABELS[t.gapReason] ?? r.redact(t.gapReason).text) : null,
    evidence: t.evidence.map((e) => reportEvidence(evidence, t.missionId, t.id, e)),
  };
}

export function manifestRows(tests: readonly ReportTest[]): ReportManifestRow[] {
  return tests.flatMap((t) =>
    t.evidence.map((e) => ({
      testNumber: t.number,
      testName: t.name,
      fileName: e.fileName,
      side: e.side,
      caption: e.caption,
      sizeBytes: e.sizeBytes,
      sha256: e.sha256,
    })),
  );
}
