import {
  ScenarioTemplateCreate,
  ScenarioTemplateFields,
  type ScenarioTemplate,
  type TestTemplateSummary,
} from '@metamorph/contract';
import { moveItem, toFieldErrors, type FieldErrors } from '../template-form';

/** The scenario editor's state: the tests are kept whole so the list can show them. */
export interface ScenarioForm {
  name: string;
  description: string | null;
  tags: string[];
  tests: TestTemplateSummary[];
}

export function scenarioPath(id: string): string {
  return `/library/scenarios/${encodeURIComponent(id)}`;
}

export function emptyScenarioForm(): ScenarioForm {
  return { name: '', description: null, tags: [], tests: [] };
}

/** The editable fields of a scenario read from the API. */
export function scenarioFormOf(scenario: ScenarioTemplate): ScenarioForm {
  return {
    name: scenario.name,
    description: scenario.description,
    tags: [...scenario.tags],
    tests: [...scenario.tests],
  };
}

/** What a create or update sends (the update adds the version read). */
export function scenarioBody(form: ScenarioForm) {
  return {
    name: form.name,
    description: form.description?.trim() ? form.description : null,
    tags: form.tags,
    test_ids: form.tests.map((t) => t.id),
  };
}

/** Whether the form differs from what was loaded (test order included). */
export function isScenarioDirty(form: ScenarioForm, base: ScenarioForm): boolean {
  return JSON.stringify(scenarioBody(form)) !== JSON.stringify(scenarioBody(base));
}

/** Appends `test` unless the scenario already lists it (the API allows each test once). */
export function addTest(
  tests: readonly TestTemplateSummary[],
  test: TestTemplateSummary,
): TestTemplateSummary[] {
  return tests.some((t) => t.id === test.id) ? [...tests] : [...tests, test];
}

export function removeTest(
  tests: readonly TestTemplateSummary[],
  id: string,
): TestTemplateSummary[] {
  return tests.filter((t) => t.id !== id);
}

/** Moves the test with id `activeId` to where `overId` is (a drag-and-drop result). */
export function moveTestById(
  tests: readonly TestTemplateSummary[],
  activeId: string,
  overId: string,
): TestTemplateSummary[] {
  const from = tests.findIndex((t) => t.id === activeId);
  const to = tests.findIndex((t) => t.id === overId);
  if (from < 0 || to < 0 || from === to) return [...tests];
  return moveItem(tests, from, to);
}

/** Checks the form like the server will, so most mistakes show before a round trip. */
export function validateScenario(form: ScenarioForm, key?: string): FieldErrors {
  const body = scenarioBody(form);
  const parsed =
    key === undefined
      ? ScenarioTemplateFields.safeParse(body)
      : ScenarioTemplateCreate.safeParse({ ...body, key });
  if (parsed.success) return {};
  return toFieldErrors(
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** A one-line plain-text preview of Markdown (for list rows): no markup characters. */
export function markdownPreview(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`{1,3}/g, '')
    .replace(/(^|\s)#{1,6}\s+/g, '$1')
    .replace(/(\*\*|__|\*|_|~~)(.+?)\1/g, '$2')
    .replace(/^\s*(?:[-*+>]|\d+\.)\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}
