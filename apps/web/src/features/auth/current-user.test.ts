import { describe, expect, it } from 'vitest';
import { safeNext, withNext } from './current-user';

describe('safeNext', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeNext('/admin/users?q=ann')).toBe('/admin/users?q=ann');
  });

  it.each([
    [null],
    [''],
    ['https://evil.example/'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['/login'],
    ['/change-password?next=/x'],
  ])('falls back to / for %j', (value) => {
    expect(safeNext(value)).toBe('/');
  });
});

describe('withNext', () => {
  it('omits next for the home page and encodes others', () => {
    expect(withNext('/login', '/')).toBe('/login');
    expect(withNext('/login', '/admin/audit?action=a')).toBe(
      '/login?next=%2Fadmin%2Faudit%3Faction%3Da',
    );
  });
});
