import type {
  ExecutorName,
  ExportedTestTemplate,
  TemplateSource,
  TestTemplate,
  TestTemplateFields,
  TestTemplateSummary,
} from '@metamorph/contract';
import type { LibraryTestRow } from '../../db/schema/index.js';
import { isFlagged, type TagResolver } from './attack-tags.js';

/** The editable fields of a stored template. */
export function rowFields(r: LibraryTestRow): TestTemplateFields {
  return {
    name: r.name,
    description: r.description,
    objective: r.objective,
    procedure_md: r.procedureMd,
    prerequisites_md: r.prerequisitesMd,
    expected_red_md: r.expectedRedMd,
    expected_blue_md: r.expectedBlueMd,
    opsec_level: r.opsecLevel,
    tags: r.tags,
    expected_iocs: r.expectedIocs,
    attack_ids: r.attackIds,
    platforms: r.platforms,
    executor: r.executor ?? null,
    input_arguments: r.inputArguments,
    dependencies: r.dependencies,
    dependency_executor: (r.dependencyExecutor as ExecutorName | null) ?? null,
    detection_refs: r.detectionRefs,
    expected_outcomes: r.expectedOutcomes,
  };
}

export function toTestTemplate(r: LibraryTestRow, tag: TagResolver): TestTemplate {
  const attack_tags = r.attackIds.map(tag);
  return {
    ...rowFields(r),
    id: r.id,
    key: r.key,
    version: r.version,
    attack_tags,
    flagged: isFlagged(attack_tags),
    source: r.source as TemplateSource,
    source_ref: r.sourceRef,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

export type SummaryRowInput = Pick<
  LibraryTestRow,
  | 'id'
  | 'key'
  | 'version'
  | 'name'
  | 'platforms'
  | 'tags'
  | 'attackIds'
  | 'source'
  | 'sourceRef'
  | 'opsecLevel'
  | 'updatedAt'
  | 'executor'
>;

export function toTestSummary(r: SummaryRowInput, tag: TagResolver): TestTemplateSummary {
  const attack_tags = r.attackIds.map(tag);
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    name: r.name,
    platforms: r.platforms,
    tags: r.tags,
    attack_tags,
    flagged: isFlagged(attack_tags),
    source: r.source as TemplateSource,
    source_ref: r.sourceRef,
    opsec_level: r.opsecLevel,
    updated_at: r.updatedAt.toISOString(),
    executor_name: r.executor?.name ?? null,
  };
}

export function toExported(r: LibraryTestRow): ExportedTestTemplate {
  return {
    ...rowFields(r),
    key: r.key,
    version: r.version,
    source: r.source as TemplateSource,
    source_ref: r.sourceRef,
  };
}
