import { describe, expect, it } from 'vitest';
import { cleanText, NUL_REPLACEMENT as R } from './text-hygiene.js';

describe('cleanText', () => {
  it('replaces every NUL with U+FFFD in strings, arrays, nested objects and keys', () => {
    const { value, issues } = cleanText(
      { a: 'x\u0000y', list: ['\u0000', 1, { b: '\u0000\u0000' }], 'k\u0000': true, n: null },
      'body',
    );
    expect(issues).toEqual([]);
    expect(value).toEqual({
      a: `x${R}y`,
      list: [R, 1, { b: `${R}${R}` }],
      [`k${R}`]: true,
      n: null,
    });
    expect(cleanText('a\u0000', 'querystring').value).toBe(`a${R}`);
  });

  it('names each field holding a lone surrogate, and leaves pairs and U+FFFD alone', () => {
    const { issues } = cleanText(
      { ok: '😀 \uFFFD', bad: 'x\ud800', deep: [{ low: '\udc00y' }], '\ud83d': 1 },
      'body',
    );
    const expected = ['body.bad', 'body.deep.0.low', 'body.\ud83d'];
    expect(issues.map((i) => i.path).sort()).toEqual(expected.sort());
  });

  it('walks a deeply nested body without exhausting the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let at = cleanText(deep, 'body').value;
    for (let i = 0; i < 100_000; i++) at = (at as unknown[])[0];
    expect(at).toBe(`bottom${R}`);
  });
});
