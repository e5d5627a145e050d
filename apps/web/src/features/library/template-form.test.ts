import { conflictVersion } from '../../api/errors';
import type { TestTemplate } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import {
  apiFieldErrors,
  emptyForm,
  formOf,
  isDirty,
  linesOf,
  moveItem,
  orNull,
  patchItem,
  toFieldErrors,
  validateForm,
} from './template-form';

function apiError(status: number, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(
    status,
    {
      type: 'about:blank',
      title: 't',
      status,
      code: status === 409 ? 'version_conflict' : 'validation_failed',
      detail: 'd',
      requestId: 'r',
      ...extra,
    },
    true,
  );
}

describe('validateForm', () => {
  it('accepts a minimal form and reports bad fields by path', () => {
    expect(validateForm({ ...emptyForm(), name: 'Whoami' })).toEqual({});
    const errors = validateForm({
      ...emptyForm(),
      name: ' ',
      attack_ids: ['T1059', 'T99'],
      input_arguments: [{ name: 'bad name', description: '', type: 'string', default: null }],
    });
    expect(Object.keys(errors).sort()).toEqual(['attack_ids.1', 'input_arguments.0.name', 'name']);
  });

  it('checks the key of a new template', () => {
    expect(validateForm({ ...emptyForm(), name: 'x' }, 'Bad Key')).toHaveProperty('key');
    expect(validateForm({ ...emptyForm(), name: 'x' }, 'manual:ok-1')).toEqual({});
  });
});

describe('API errors', () => {
  it('maps 422 issues to form paths', () => {
    expect(
      toFieldErrors([
        { path: 'body.name', message: 'm' },
        { path: 'body', message: 'x' },
      ]),
    ).toEqual({
      name: 'm',
      form: 'x',
    });
    expect(
      apiFieldErrors(
        apiError(422, { errors: [{ path: 'body.detection_refs.0.url', message: 'u' }] }),
      ),
    ).toEqual({ 'detection_refs.0.url': 'u' });
    expect(apiFieldErrors(new Error('x'))).toEqual({});
  });

  it('reads the current version of a 409', () => {
    expect(conflictVersion(apiError(409, { context: { current_version: 4 } }))).toBe(4);
    expect(conflictVersion(apiError(409))).toBeNull();
    expect(conflictVersion(apiError(422))).toBeNull();
  });
});

describe('form helpers', () => {
  it('copies the editable fields of a template, nothing else', () => {
    const template = {
      ...emptyForm(),
      name: 'n',
      tags: ['a'],
      id: 'x',
      version: 3,
      attack_tags: [],
    } as unknown as TestTemplate;
    const form = formOf(template);
    expect(form).toEqual({ ...emptyForm(), name: 'n', tags: ['a'] });
    expect(form.tags).not.toBe(template.tags);
    expect(isDirty(form, formOf(template))).toBe(false);
    expect(isDirty({ ...form, name: 'm' }, formOf(template))).toBe(true);
  });

  it('edits lists immutably', () => {
    const list = [{ a: 1 }, { a: 2 }, { a: 3 }];
    expect(patchItem(list, 1, { a: 9 })).toEqual([{ a: 1 }, { a: 9 }, { a: 3 }]);
    expect(moveItem(list, 0, 2)).toEqual([{ a: 2 }, { a: 3 }, { a: 1 }]);
    expect(moveItem(list, 0, 5)).toEqual(list);
    expect(list[0]).toEqual({ a: 1 });
  });

  it('turns text into API values', () => {
    expect(orNull('  ')).toBeNull();
    expect(orNull(' x')).toBe(' x');
    expect(linesOf('a\n\n b \n')).toEqual(['a', 'b']);
  });
});
