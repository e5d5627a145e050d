import { describe, expect, it } from 'vitest';
import { citationNumber, plainSummary, prepareAttackMarkdown } from './attack-markdown';

describe('prepareAttackMarkdown', () => {
  it('numbers citations by first appearance and reuses numbers', () => {
    const { markdown, citations } = prepareAttackMarkdown(
      'Adversaries run code.(Citation: Foo 2020)(Citation: Bar) Again (Citation: Foo 2020).',
    );
    expect(citations).toEqual(['Foo 2020', 'Bar']);
    expect(markdown).toBe('Adversaries run code.[1](#cite-1)[2](#cite-2) Again[1](#cite-1).');
  });

  it('continues the numbering of an earlier text', () => {
    const { markdown, citations } = prepareAttackMarkdown('Detect it.(Citation: Baz)', ['Foo']);
    expect(citations).toEqual(['Foo', 'Baz']);
    expect(markdown).toBe('Detect it.[2](#cite-2)');
  });

  it('turns <code> tags into code spans and leaves other HTML alone', () => {
    const { markdown } = prepareAttackMarkdown('Run <code>cmd.exe /c</code> then <b>x</b>');
    expect(markdown).toBe('Run `cmd.exe /c` then <b>x</b>');
  });

  it('drops empty citations and keeps text without any', () => {
    expect(prepareAttackMarkdown('A (Citation: ) b').markdown).toBe('A b');
    expect(prepareAttackMarkdown('Plain *text*').citations).toEqual([]);
  });
});

describe('citationNumber', () => {
  it('reads only #cite-N links', () => {
    expect(citationNumber('#cite-12')).toBe(12);
    expect(citationNumber('#cite-x')).toBeNull();
    expect(citationNumber('https://x.io/#cite-1')).toBeNull();
    expect(citationNumber(undefined)).toBeNull();
  });
});

describe('plainSummary', () => {
  it('strips citations, links and markup, and shortens at a word', () => {
    expect(plainSummary('Uses [PowerShell](https://x.io) *often*.(Citation: A)')).toBe(
      'Uses PowerShell often.',
    );
    expect(plainSummary('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });
});
