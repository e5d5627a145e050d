import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

/**
 * The scenario and test library: test templates (one attack procedure each) and scenario
 * templates (an ordered list of test templates). Missions snapshot them.
 */

/** A stable key: survives export/import and re-imports (`art:<guid>`, `manual:<slug>`…). */
export const TemplateKey = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[a-z0-9][a-z0-9._:-]*$/,
    'must be lowercase letters, digits and . _ : - (starting with a letter or digit)',
  );

/** Tactic TA0002, technique T1059 or sub-technique T1059.001. */
export const AttackExternalId = z
  .string()
  .regex(/^(TA\d{4}|T\d{4}(\.\d{3})?)$/, 'must look like TA0002, T1059 or T1059.001');
export const AttackTagKind = z.enum(['tactic', 'technique', 'subtechnique']);
export type AttackTagKind = z.infer<typeof AttackTagKind>;

/** The kind an ATT&CK id denotes. */
export function attackTagKind(externalId: string): AttackTagKind {
  if (externalId.startsWith('TA')) return 'tactic';
  return externalId.includes('.') ? 'subtechnique' : 'technique';
}

/** An ATT&CK tag as read back: resolved against the current catalog. */
export const AttackTag = z.object({
  kind: AttackTagKind,
  external_id: z.string(),
  /** From the current catalog; null when the catalog does not know the id. */
  name: z.string().nullable(),
  url: z.string().nullable(),
  /** ok, or why the tag needs a look: unknown to the catalog, revoked, deprecated. */
  status: z.enum(['ok', 'unknown', 'revoked', 'deprecated']),
  /** For a revoked technique: the technique that replaces it. */
  revoked_by: z.string().nullable(),
});
export type AttackTag = z.infer<typeof AttackTag>;

/** Defence layers: what blue records results against (missions' defence tools have one). */
export const DefenceLayer = z.enum([
  'edr',
  'siem',
  'av',
  'firewall',
  'proxy',
  'email_gateway',
  'ndr',
  'other',
]);
export type DefenceLayer = z.infer<typeof DefenceLayer>;

export const ExpectedOutcome = z.strictObject({
  layer: DefenceLayer,
  /** What the layer should do: prevent, alert, log, or nothing expected. */
  expectation: z.enum(['prevent', 'alert', 'log', 'none']),
});
export type ExpectedOutcome = z.infer<typeof ExpectedOutcome>;

/** Atomic Red Team executors; `manual` keeps its steps as text. */
export const ExecutorName = z.enum(['command_prompt', 'powershell', 'sh', 'bash', 'manual']);
export type ExecutorName = z.infer<typeof ExecutorName>;

const text = (max: number) => z.string().max(max);
const optText = (max: number) => z.string().max(max).nullable().default(null);

export const Executor = z.strictObject({
  name: ExecutorName,
  /** `#{arg}` placeholders are kept: arguments are substituted at execution, not at import. */
  command: optText(100_000),
  cleanup_command: optText(100_000),
  /** Steps of a manual executor (markdown). */
  steps_md: optText(100_000),
  elevation_required: z.boolean().default(false),
});
export type Executor = z.infer<typeof Executor>;

export const InputArgument = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -'),
  description: text(5000).default(''),
  type: z.enum(['string', 'path', 'url', 'integer', 'float']).default('string'),
  default: optText(10_000),
});
export type InputArgument = z.infer<typeof InputArgument>;

export const Dependency = z.strictObject({
  description: text(5000).default(''),
  prereq_command: optText(100_000),
  get_prereq_command: optText(100_000),
});
export type Dependency = z.infer<typeof Dependency>;

export const DetectionReference = z.strictObject({
  kind: z.enum(['sigma', 'url', 'other']),
  /** e.g. a Sigma rule id. */
  ref_id: optText(200),
  title: optText(500),
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .nullable()
    .default(null),
});
export type DetectionReference = z.infer<typeof DetectionReference>;

export const TemplateSource = z.enum(['manual', 'atomic-red-team', 'imported']);
export type TemplateSource = z.infer<typeof TemplateSource>;

const Tag = z.string().trim().min(1).max(100);
const Platform = z.string().trim().min(1).max(100);

/** The editable fields of a test template (create and update bodies; unknown keys refused). */
export const TestTemplateFields = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(500),
  description: optText(100_000),
  objective: optText(100_000),
  procedure_md: optText(200_000),
  prerequisites_md: optText(100_000),
  expected_red_md: optText(100_000),
  expected_blue_md: optText(100_000),
  opsec_level: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,49}$/, 'must be a lowercase slug')
    .default('medium'),
  tags: z.array(Tag).max(100).default([]),
  expected_iocs: z.array(z.string().max(2000)).max(500).default([]),
  /** ATT&CK ids; the kind is derived from the id, names come from the catalog. */
  attack_ids: z.array(AttackExternalId).max(100).default([]),
  platforms: z.array(Platform).max(50).default([]),
  executor: Executor.nullable().default(null),
  input_arguments: z.array(InputArgument).max(200).default([]),
  dependencies: z.array(Dependency).max(100).default([]),
  dependency_executor: ExecutorName.nullable().default(null),
  detection_refs: z.array(DetectionReference).max(200).default([]),
  expected_outcomes: z.array(ExpectedOutcome).max(20).default([]),
});
export type TestTemplateFields = z.infer<typeof TestTemplateFields>;

export const TestTemplateCreate = TestTemplateFields.extend({
  /** Generated from the name when absent. */
  key: TemplateKey.optional(),
});
export type TestTemplateCreate = z.infer<typeof TestTemplateCreate>;

/** PUT replaces the editable fields; `version` is the one read (409 when stale). */
export const TestTemplateUpdate = TestTemplateFields.extend({ version: z.number().int().min(1) });
export type TestTemplateUpdate = z.infer<typeof TestTemplateUpdate>;

export const TestTemplate = TestTemplateFields.extend({
  id: Uuid,
  key: z.string(),
  version: z.number().int(),
  attack_tags: z.array(AttackTag),
  /** True when a tag is unknown to the catalog, revoked or deprecated. */
  flagged: z.boolean(),
  source: TemplateSource,
  /** e.g. the Atomic Red Team test's auto_generated_guid. */
  source_ref: z.string().nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
}).strip(); // an answer, not a body: only the request side is strict
export type TestTemplate = z.infer<typeof TestTemplate>;

/** A row of the library list. */
export const TestTemplateSummary = TestTemplate.pick({
  id: true,
  key: true,
  version: true,
  name: true,
  platforms: true,
  tags: true,
  attack_tags: true,
  flagged: true,
  source: true,
  source_ref: true,
  opsec_level: true,
  updated_at: true,
}).extend({ executor_name: ExecutorName.nullable() });
export type TestTemplateSummary = z.infer<typeof TestTemplateSummary>;

const csv = z
  .string()
  .max(2000)
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );

export const TestTemplateQuery = z.object({
  /** Text in the name, description, objective, procedure, key or source ref. */
  q: z.string().max(200).optional(),
  /** A technique id; a parent matches its sub-techniques. Comma-separated for any of several. */
  technique: csv,
  /** Tactic shortname, id or name: tagged with it, or with a technique in it. */
  tactic: z.string().max(100).optional(),
  platform: z.string().max(100).optional(),
  tag: z.string().max(100).optional(),
  source: TemplateSource.optional(),
  flagged: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** As the server reads it (technique split into a list). */
export type TestTemplateQuery = z.output<typeof TestTemplateQuery>;
/** As a client sends it. */
export type TestTemplateQueryInput = z.input<typeof TestTemplateQuery>;

export const FacetCount = z.object({ value: z.string(), count: z.number().int() });
export const TestTemplateFacets = z.object({
  platforms: z.array(FacetCount),
  tactics: z.array(FacetCount),
  tags: z.array(FacetCount),
  sources: z.array(FacetCount),
  flagged: z.number().int(),
});
export type TestTemplateFacets = z.infer<typeof TestTemplateFacets>;

export const TestTemplatePage = z.object({
  items: z.array(TestTemplateSummary),
  next_cursor: z.string().nullable(),
  total: z.number().int(),
  facets: TestTemplateFacets,
});
export type TestTemplatePage = z.infer<typeof TestTemplatePage>;

/** Scenario templates: an ordered list of test templates. */
export const ScenarioTemplateFields = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(500),
  description: optText(100_000),
  tags: z.array(Tag).max(100).default([]),
  /** In order; a test template may sit in several scenarios but once in each. */
  test_ids: z.array(Uuid).max(2000).default([]),
});
export const ScenarioTemplateCreate = ScenarioTemplateFields.extend({
  key: TemplateKey.optional(),
});
export type ScenarioTemplateCreate = z.infer<typeof ScenarioTemplateCreate>;
export const ScenarioTemplateUpdate = ScenarioTemplateFields.extend({
  version: z.number().int().min(1),
});
export type ScenarioTemplateUpdate = z.infer<typeof ScenarioTemplateUpdate>;

export const ScenarioTemplate = ScenarioTemplateFields.omit({ test_ids: true })
  .extend({
    id: Uuid,
    key: z.string(),
    version: z.number().int(),
    tests: z.array(TestTemplateSummary),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
  })
  .strip(); // an answer, not a body
export type ScenarioTemplate = z.infer<typeof ScenarioTemplate>;
export const ScenarioTemplateSummary = ScenarioTemplate.omit({ tests: true }).extend({
  test_count: z.number().int(),
});
export type ScenarioTemplateSummary = z.infer<typeof ScenarioTemplateSummary>;
export const ScenarioTemplateQuery = z.object({
  q: z.string().max(200).optional(),
  tag: z.string().max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ScenarioTemplatePage = z.object({
  items: z.array(ScenarioTemplateSummary),
  next_cursor: z.string().nullable(),
});

/** DELETE takes the version read, like PUT (`?version=`; absent means unconditional). */
export const VersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
