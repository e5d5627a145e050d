import { RedactionPattern } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { FIELD_CAP, MASK, Redactor, compilePatterns } from './redactor.js';
import { assertSafePatterns, unsafePatternReason } from './safe-regex.js';

const r = new Redactor(
  compilePatterns([{ name: 'ticket-id', pattern: 'TCK-[0-9]{4}', flags: '' }]),
);

describe('Redactor', () => {
  it('masks the secret group only, and admin patterns as a whole', () => {
    const got = r.redact('mysql --password=Hunter2 -e "select 1" # TCK-1234');
    expect(got.text).toBe(`mysql --password=${MASK} -e "select 1" # ${MASK}`);
    expect(got.spans.map((s) => s.pattern)).toEqual(['password-option', 'ticket-id']);
  });

  it('lets the earlier pattern decide where two read the same text (-password is not -p assword)', () => {
    expect(r.redact('Set-Thing -Password Winter1').text).toBe(`Set-Thing -Password ${MASK}`);
  });

  it('applies an admin pattern inside a built-in match that masks only its secret group', () => {
    const admin = new Redactor(
      compilePatterns([{ name: 'service accounts', pattern: 'svc-[a-z]+', flags: '' }]),
    );
    const got = admin.redact('net use \\\\dc01\\c$ /user:CORP\\svc-backup Winter2026!');
    expect(got.text).not.toContain('svc-backup');
    expect(got.text).not.toContain('Winter2026!');
    expect(got.spans.map((s) => s.pattern).sort()).toEqual([
      'net-user-password',
      'service accounts',
    ]);
  });

  it('merges overlapping spans into one mask', () => {
    const text = 'Server=x;Password=abc def;Pwd=abc def';
    expect(r.redact(text).text).toBe(`Server=x;Password=${MASK};Pwd=${MASK}`);
  });

  it('builds excerpts that never show a secret, even at the window edge', () => {
    const text = `${'x'.repeat(100)} --password=${'S'.repeat(60)} tail`;
    const { spans } = r.redact(text);
    const excerpt = r.excerpt(text, spans[0]!, spans, 10);
    expect(excerpt).not.toContain('S');
    expect(excerpt).toContain(MASK);
    expect(excerpt.startsWith('…')).toBe(true);
  });

  it('cuts a field over the cap and says so (what is cut is never printed)', () => {
    const text = `${'a '.repeat(FIELD_CAP)}--password=LateSecret`;
    const got = r.redact(text).text;
    expect(got).not.toContain('LateSecret');
    expect(got).toMatch(/characters cut from the report\]$/);
  });
});

describe('admin pattern safety', () => {
  const p = (pattern: string, flags = '') => RedactionPattern.parse({ name: 'p', pattern, flags });

  it('accepts a plain pattern', async () => {
    expect(await unsafePatternReason(p('CORP-[A-Z]{3}-[0-9]{6}'))).toBeNull();
  });

  it.each([
    ['(a+)+$', /catastrophic backtracking/],
    ['^(\\w+\\s?)+$', /catastrophic backtracking/],
    ['\\s*a\\s*b\\s*$', /catastrophic backtracking/],
  ])('refuses the catastrophic %s', async (pattern, why) => {
    expect(await unsafePatternReason(p(pattern))).toMatch(why);
  });

  it.each([
    ['(a', /does not compile/],
    ['(x)\\1', /backreference/],
    ['(?<n>x)\\k<n>', /backreference/],
    ['secret(?=s)', /lookaround/],
    ['(?<!x)y', /lookaround/],
    ['a*', /empty string/],
  ])('refuses %s on syntax (the contract refuses it too)', async (pattern, why) => {
    expect(RedactionPattern.safeParse({ name: 'p', pattern }).success).toBe(false);
    expect(await unsafePatternReason({ name: 'p', pattern })).toMatch(why);
  });

  it('allows escaped parentheses and brackets that only look like lookaround', async () => {
    expect(await unsafePatternReason(p('\\(\\?=x[(?=]'))).toBeNull();
  });

  it('names every refused pattern with its path', async () => {
    await expect(
      assertSafePatterns([p('ok-[0-9]{3}'), { name: 'bad', pattern: '(a|a)*$' }]),
    ).rejects.toMatchObject({
      status: 422,
      extra: { errors: [{ path: 'body.reports.redaction_patterns.1.pattern' }] },
    });
  });
});
