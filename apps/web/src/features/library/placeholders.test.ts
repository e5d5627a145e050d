import { describe, expect, it } from 'vitest';
import { placeholderNames, splitPlaceholders, undefinedPlaceholders } from './placeholders';

describe('splitPlaceholders', () => {
  it('splits text and #{arg} placeholders and round-trips', () => {
    const cmd = 'copy #{input_file} "#{output_dir}\\x.txt" & echo #{ } #{input_file}';
    const segments = splitPlaceholders(cmd);
    expect(segments.map((s) => s.text).join('')).toBe(cmd);
    expect(segments.filter((s) => s.kind === 'placeholder').map((s) => s.text)).toEqual([
      '#{input_file}',
      '#{output_dir}',
      '#{input_file}',
    ]);
    expect(segments[0]).toEqual({ kind: 'text', text: 'copy ' });
    expect(segments[1]).toEqual({
      kind: 'placeholder',
      text: '#{input_file}',
      name: 'input_file',
    });
  });

  it('handles a command without placeholders, or only one', () => {
    expect(splitPlaceholders('whoami')).toEqual([{ kind: 'text', text: 'whoami' }]);
    expect(splitPlaceholders('#{a}')).toEqual([{ kind: 'placeholder', text: '#{a}', name: 'a' }]);
    expect(splitPlaceholders('')).toEqual([]);
  });
});

describe('placeholderNames / undefinedPlaceholders', () => {
  it('lists distinct names across commands and the ones no argument defines', () => {
    expect(placeholderNames('a #{x} #{y}', null, 'b #{x} #{z}')).toEqual(['x', 'y', 'z']);
    expect(undefinedPlaceholders(['#{x} #{y}', '#{z}'], ['x', 'z'])).toEqual(['y']);
  });
});
