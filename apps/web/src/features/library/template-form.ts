import {
  TestTemplateCreate,
  TestTemplateFields,
  type FieldIssue,
  type TestTemplate,
} from '@metamorph/contract';
import { ApiError } from '../../api/errors';

/** The editor's state: exactly the fields a PUT replaces. */
export type TemplateForm = TestTemplateFields;

/** A new template: everything empty but the defaults the API would pick. */
export function emptyForm(): TemplateForm {
  return {
    name: '',
    description: null,
    objective: null,
    procedure_md: null,
    prerequisites_md: null,
    expected_red_md: null,
    expected_blue_md: null,
    opsec_level: 'medium',
    tags: [],
    expected_iocs: [],
    attack_ids: [],
    platforms: [],
    executor: null,
    input_arguments: [],
    dependencies: [],
    dependency_executor: null,
    detection_refs: [],
    expected_outcomes: [],
  };
}

const FIELD_NAMES = TestTemplateFields.keyof().options;

/** The editable fields of a template read from the API. */
export function formOf(template: TestTemplate): TemplateForm {
  const form = emptyForm() as Record<string, unknown>;
  for (const key of FIELD_NAMES) form[key] = structuredClone(template[key]);
  return form as TemplateForm;
}

/** An input's text as a nullable API string: blank is null. */
export function orNull(value: string): string | null {
  return value.trim() === '' ? null : value;
}

/** Field path → message, e.g. `input_arguments.0.name`. */
export type FieldErrors = Record<string, string>;

/** Checks the form like the server will, so most mistakes show before a round trip. */
export function validateForm(form: TemplateForm, key?: string): FieldErrors {
  const schema = key === undefined ? TestTemplateFields : TestTemplateCreate;
  const parsed = schema.safeParse(key ? { ...form, key } : form);
  if (parsed.success) return {};
  return toFieldErrors(
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** A 422's field issues keyed by form path (the server prefixes them with `body.`). */
export function toFieldErrors(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.replace(/^body\.?/, '') || 'form';
    errors[path] ??= issue.message;
  }
  return errors;
}

/** Field errors of a 422 answer, or none. */
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  return toFieldErrors(error.errors ?? []);
}

/** Whether the form differs from what was loaded. */
export function isDirty(form: TemplateForm, base: TemplateForm): boolean {
  return JSON.stringify(form) !== JSON.stringify(base);
}

/** Lines of a textarea as a list, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Replaces item `index` of a list with `patch` applied (immutably). */
export function patchItem<T>(list: readonly T[], index: number, patch: Partial<T>): T[] {
  return list.map((item, i) => (i === index ? { ...item, ...patch } : item));
}

/** Moves item `from` to `to` (immutably); out-of-range moves return the list unchanged. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
