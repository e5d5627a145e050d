import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { GroupId, TechniqueId } from './attack.js';
import { ScenarioTemplate, TemplateKey, TemplateSource, TestTemplateFields } from './library.js';

/** Library export/import, Atomic Red Team import, scenarios from threat groups, remaps. */

export const LIBRARY_FORMAT = 'metamorph.library';
export const LIBRARY_FORMAT_VERSION = 1;

/** A test template in an export document: keyed, no database ids, no timestamps. */
export const ExportedTestTemplate = TestTemplateFields.extend({
  key: TemplateKey,
  version: z.number().int().min(1),
  source: TemplateSource,
  source_ref: z.string().max(200).nullable(),
});
export type ExportedTestTemplate = z.infer<typeof ExportedTestTemplate>;

export const ExportedScenarioTemplate = z.strictObject({
  key: TemplateKey,
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(500),
  description: z.string().max(100_000).nullable(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100),
  /** Keys of test templates, in order; each must be in the document or the library. */
  test_keys: z.array(TemplateKey).max(2000),
});
export type ExportedScenarioTemplate = z.infer<typeof ExportedScenarioTemplate>;

export const LibraryDocument = z.strictObject({
  format: z.literal(LIBRARY_FORMAT),
  format_version: z.literal(LIBRARY_FORMAT_VERSION),
  exported_at: IsoDateTime,
  tests: z.array(ExportedTestTemplate).max(50_000),
  scenarios: z.array(ExportedScenarioTemplate).max(10_000),
});
export type LibraryDocument = z.infer<typeof LibraryDocument>;

/** `GET /api/library/export`: everything, or a selection (comma-separated keys). */
export const LibraryExportQuery = z.object({
  tests: z.string().max(100_000).optional(),
  scenarios: z.string().max(100_000).optional(),
});

export const ImportCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export const LibraryImportResult = z.object({ tests: ImportCounts, scenarios: ImportCounts });
export type LibraryImportResult = z.infer<typeof LibraryImportResult>;

/** One file of an Atomic Red Team import. */
export const AtomicsFileReport = z.object({
  file: z.string(),
  /** The technique the file is for (`attack_technique`), when it could be read. */
  technique: z.string().nullable(),
  status: z.enum(['imported', 'updated', 'unchanged', 'failed']),
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Tests of the file that could not be imported (the others were). */
  failed: z.number().int(),
  errors: z.array(z.string()),
  /** Notes on tests kept with a change (e.g. an unknown argument type taken as string). */
  warnings: z.array(z.string()).default([]),
  /** Technique ids the ATT&CK catalog does not know (imported and flagged). */
  unknown_attack_ids: z.array(z.string()),
});
export type AtomicsFileReport = z.infer<typeof AtomicsFileReport>;

export const AtomicsImportResult = z.object({
  files: z.array(AtomicsFileReport),
  totals: z.object({
    files: z.number().int(),
    failed_files: z.number().int(),
    imported: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    scenarios: z.number().int(),
  }),
});
export type AtomicsImportResult = z.infer<typeof AtomicsImportResult>;

/** Fields of the multipart import besides the files. */
export const AtomicsImportOptions = z.object({
  /** Also create (or update) one scenario template per technique. */
  scenario_per_technique: z.enum(['true', 'false']).default('false'),
});

/** `POST /api/library/scenarios/from-group`. */
export const FromGroupRequest = z.strictObject({
  group_id: GroupId,
  /** Only propose, write nothing. */
  preview: z.boolean().default(false),
  name: z.string().trim().min(1).max(500).optional(),
  /**
   * Per technique, the templates to use (from the preview's candidates). A technique left out
   * uses every candidate, or a new bare template when it has none; an empty list skips it.
   */
  choices: z.record(TechniqueId, z.array(Uuid).max(200)).optional(),
});
export type FromGroupRequest = z.infer<typeof FromGroupRequest>;

export const FromGroupTechnique = z.object({
  external_id: z.string(),
  name: z.string(),
  candidates: z.array(z.object({ id: Uuid, key: z.string(), name: z.string() })),
  /** What happens without a choice: reuse the candidates or create a bare template. */
  action: z.enum(['reuse', 'create', 'skip']),
});
export const FromGroupResult = z.object({
  group: z.object({ external_id: z.string(), name: z.string() }),
  techniques: z.array(FromGroupTechnique),
  /** Absent for a preview. */
  scenario: ScenarioTemplate.nullable(),
  created_tests: z.number().int(),
});
export type FromGroupResult = z.infer<typeof FromGroupResult>;

/** `POST /api/library/remap-attack`: move every template tag from one technique to another. */
export const RemapAttackRequest = z.strictObject({
  from: TechniqueId,
  /** Defaults to the revoked-by target of `from` in the current catalog. */
  to: TechniqueId.optional(),
});
export const RemapAttackResult = z.object({
  from: z.string(),
  to: z.string(),
  templates: z.array(z.object({ id: Uuid, key: z.string(), name: z.string() })),
});
export type RemapAttackResult = z.infer<typeof RemapAttackResult>;
