import { createHash } from 'node:crypto';
import { attackTagKind, type TemplateSource, type TestTemplateFields } from '@metamorph/contract';
import type { libraryTests } from '../../db/schema/index.js';
import { stableJson } from '../../platform/diff.js';
import { newId } from '../../platform/ids.js';

type TestInsert = typeof libraryTests.$inferInsert;

/** Removes repeated values, keeping the first occurrence's order. */
export const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * The editable content in a normal form: lists deduplicated where order carries no meaning
 * twice, text as given (the contract already trimmed names). Two inputs with the same
 * normal form are the same template content.
 */
export function normaliseFields(f: TestTemplateFields): TestTemplateFields {
  return {
    ...f,
    tags: unique(f.tags),
    platforms: unique(f.platforms),
    attack_ids: unique(f.attack_ids),
    expected_iocs: unique(f.expected_iocs),
  };
}

export interface ContentMeta {
  source: TemplateSource;
  source_ref: string | null;
}

export function contentHash(f: TestTemplateFields, meta: ContentMeta): string {
  return createHash('sha256')
    .update(stableJson({ ...f, ...meta }))
    .digest('hex');
}

export function searchText(f: TestTemplateFields, key: string, sourceRef: string | null): string {
  return [f.name, key, sourceRef ?? '', f.description ?? '', f.objective ?? '']
    .join('\n')
    .toLowerCase()
    .slice(0, 20_000);
}

/** `manual:<slug of the name>-<6 random hex>`: readable and unique. */
export function generateKey(prefix: string, name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${prefix}:${slug || 'template'}-${newId().replace(/-/g, '').slice(0, 6)}`;
}

/** The columns a test template's fields map to. */
export function fieldColumns(
  f: TestTemplateFields,
  key: string,
  meta: ContentMeta,
): Omit<TestInsert, 'id' | 'key' | 'version' | 'createdAt' | 'updatedAt'> {
  return {
    name: f.name,
    description: f.description,
    objective: f.objective,
    procedureMd: f.procedure_md,
    prerequisitesMd: f.prerequisites_md,
    expectedRedMd: f.expected_red_md,
    expectedBlueMd: f.expected_blue_md,
    opsecLevel: f.opsec_level,
    tags: f.tags,
    expectedIocs: f.expected_iocs,
    attackIds: f.attack_ids,
    platforms: f.platforms,
    executor: f.executor,
    inputArguments: f.input_arguments,
    dependencies: f.dependencies,
    dependencyExecutor: f.dependency_executor,
    detectionRefs: f.detection_refs,
    expectedOutcomes: f.expected_outcomes,
    source: meta.source,
    sourceRef: meta.source_ref,
    contentHash: contentHash(f, meta),
    searchText: searchText(f, key, meta.source_ref),
  };
}

/** The rows of library_test_attack for a template's ATT&CK ids. */
export function attackRows(testId: string, ids: readonly string[]) {
  return ids.map((externalId, position) => {
    const kind = attackTagKind(externalId);
    return {
      testId,
      externalId,
      kind,
      parentId: kind === 'subtechnique' ? externalId.split('.')[0]! : externalId,
      position,
    };
  });
}
