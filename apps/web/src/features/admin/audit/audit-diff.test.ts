import { describe, expect, it } from 'vitest';
import { diffFields, showValue } from './audit-diff';

describe('diffFields', () => {
  it('marks added, removed, changed and unchanged fields, changes first', () => {
    const rows = diffFields(
      { name: 'Ann', roles: ['a', 'b'], disabled: false, meta: { x: 1, y: 2 } },
      { name: 'Anne', roles: ['a', 'b'], email: 'a@x.io', meta: { y: 2, x: 1 } },
    );
    expect(rows.map((r) => [r.field, r.change])).toEqual([
      ['disabled', 'removed'],
      ['email', 'added'],
      ['name', 'changed'],
      ['meta', 'same'],
      ['roles', 'same'],
    ]);
  });

  it('handles a missing side', () => {
    expect(diffFields(null, { a: 1 })).toEqual([
      { field: 'a', before: undefined, after: 1, change: 'added' },
    ]);
    expect(diffFields(null, null)).toEqual([]);
  });
});

describe('showValue', () => {
  it('shows strings bare and the rest as JSON', () => {
    expect(showValue('x')).toBe('x');
    expect(showValue(['a'])).toBe('[\n  "a"\n]');
    expect(showValue(undefined)).toBe('');
    expect(showValue(null)).toBe('null');
  });
});
