import { describe, expect, it } from 'vitest';
import { describeAgent } from './user-agent';

describe('describeAgent', () => {
  it('names browser and system', () => {
    expect(
      describeAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toBe('Firefox on Linux');
    expect(
      describeAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      ),
    ).toBe('Edge on Windows');
  });

  it('falls back to the raw string, shortened', () => {
    expect(describeAgent(null)).toBe('Unknown device');
    expect(describeAgent('curl/8.5.0')).toBe('curl');
    expect(describeAgent('x'.repeat(60))).toBe(`${'x'.repeat(40)}…`);
  });
});
