import type {
  AttackTagKind,
  CountsAs,
  DefenceLayer,
  EvidenceSide,
  ExpectedOutcome,
  Fact,
  TestState,
} from '@metamorph/contract';

/** Rows of the results read model (camelCase inside the server; see results.mapper.ts). */

export interface ResultLevelRow {
  id: string;
  key: string;
  label: string;
  colour: string;
  rank: number;
  countsAs: CountsAs;
  coverageScore: number;
}
export interface ResultAttackRow {
  kind: AttackTagKind;
  externalId: string;
  name: string | null;
  url: string | null;
  attackRelease: string | null;
  tactics: Array<{ external_id: string; shortname: string; name: string }>;
}
export interface ResultToolRow {
  defenceToolId: string;
  toolName: string;
  layer: DefenceLayer | null;
  prevented: Fact;
  alerted: Fact;
  logged: Fact;
  ruleName: string | null;
  ruleId: string | null;
  severity: string | null;
  caseId: string | null;
  detectedAt: Date | null;
  note: string | null;
  updatedAt: Date;
}
export interface ResultEvidenceRow {
  id: string;
  side: EvidenceSide;
  sha256: string;
  /** Stored extension with its dot (`.png`): with the sha256, the evidence store's key. */
  ext: string;
  mime: string;
  sizeBytes: number;
  caption: string | null;
  originalFilename: string;
  uploadedAt: Date;
}
export interface ResultTestRow {
  id: string;
  missionId: string;
  scenarioId: string;
  scenarioName: string;
  name: string;
  templateKey: string | null;
  templateVersion: number | null;
  state: TestState;
  stateReason: string | null;
  hiddenFromBlue: boolean;
  /** Planning: left out of reports when false. */
  includeInReport: boolean;
  executedAt: Date | null;
  attackStartedAt: Date | null;
  attackEndedAt: Date | null;
  executionResult: string | null;
  gapReason: string | null;
  /** Planning. */
  position: number;
  assigneeId: string | null;
  plannedOn: string | null;
  version: number;
  changeSeq: number;
  platforms: string[];
  libraryTags: string[];
  expectedOutcomes: ExpectedOutcome[];
  /** Red side. */
  executedAtOverridden: boolean;
  redCommand: string | null;
  redOutput: string | null;
  redCommentMd: string | null;
  sourceAssetId: string | null;
  targetAssetId: string | null;
  accountUsed: string | null;
  redToolId: string | null;
  cleanupDone: boolean | null;
  artefactsMd: string | null;
  /** Blue side. */
  blueCommentMd: string | null;
  huntQuery: string | null;
  logSources: string | null;
  /** Set when blue chose a level other than the one the tool results imply. */
  outcomeOverrideReason: string | null;
  updatedAt: Date;
  detectionLevel: ResultLevelRow | null;
  /** In tag order. */
  attack: ResultAttackRow[];
  /** Recorded results only, in the mission's defence tool order (see defenceTools). */
  toolResults: ResultToolRow[];
  /** Live files, oldest first. */
  evidence: ResultEvidenceRow[];
}
export interface DefenceToolRow {
  id: string;
  missionId: string;
  name: string;
  layer: DefenceLayer | null;
}
export interface ResultsData {
  /** By mission (creation order), scenario position, test position. */
  tests: ResultTestRow[];
  /** Every defence tool of the missions read, in asset order (results default to TBD). */
  defenceTools: DefenceToolRow[];
}

export interface MissionResultsOptions {
  /** Tests hidden from blue are left out unless this is true (pass `access.seesHidden`). */
  includeHidden: boolean;
}
export interface ClientResultsOptions {
  /** true / false for every mission, or the ids of the missions whose hidden tests show. */
  includeHidden: boolean | readonly string[];
  /** Only these missions of the client (those the caller may see); all when absent. */
  missionIds?: readonly string[];
}
