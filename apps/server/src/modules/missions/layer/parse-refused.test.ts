import { describe, expect, it } from 'vitest';
import {
  LAYER_MAX_BYTES,
  LAYER_MAX_DEPTH,
  LAYER_MAX_TECHNIQUES,
  parseNavigatorLayer,
} from './parse.js';
import { err, layerOf, ok } from './test-layer.js';

describe('parseNavigatorLayer: refused input', () => {
  const deep = (n: number) => `{"techniques":${'['.repeat(n)}${']'.repeat(n)}}`;
  it.each<[string, Buffer | string, RegExp]>([
    ['empty input', '', /^the layer file is empty$/],
    ['blank input', Buffer.from(' \n\t '), /^the layer file is empty$/],
    [
      'not JSON',
      'name: my layer',
      /^not valid JSON at position 0 \(line 1, column 1\): unexpected character "n"$/,
    ],
    [
      'a trailing comma',
      '{\n  "techniques": [],\n}',
      /^not valid JSON at position 22 \(line 3, column 1\): expected a double-quoted property name$/,
    ],
    [
      'truncated JSON',
      '{"techniques": [{"techniqueID": "T1059"',
      /^not valid JSON at position 39 .*: unexpected end of input$/,
    ],
    ['a single-quoted string', "{'name': 1}", /position 1 .*property name/],
    ['a raw newline in a string', '{"name": "a\nb"}', /position 11 .*control character "\\n"/],
    ['a bad escape', '{"name": "a\\x"}', /position 11 .*bad escape/],
    ['two JSON values', '{} {}', /position 3 .*unexpected data after the JSON value/],
    ['NaN', '{"score": NaN}', /position 10 .*unexpected character "N"/],
    [
      'a JSON array (several layers)',
      `[${layerOf([])}]`,
      /array, not a layer object \(files of several layers/,
    ],
    ['a JSON string', '"layer"', /^the JSON is not a layer object$/],
    ['JSON null', 'null', /^the JSON is not a layer object$/],
    ['a number', '4.5', /^the JSON is not a layer object$/],
    [
      'techniques as an object',
      layerOf({ T1059: {} }),
      /^"techniques" must be an array, not \{"T1059":\{\}\}$/,
    ],
    ['techniques as a string', layerOf('T1059'), /^"techniques" must be an array, not "T1059"$/],
    ['techniques null', layerOf(null), /^"techniques" must be an array, not null$/],
    [
      'too many techniques',
      layerOf(Array.from({ length: LAYER_MAX_TECHNIQUES + 1 }, () => ({}))),
      /20001 technique entries; at most 20000/,
    ],
    ['a huge string', `{"name":"${'x'.repeat(LAYER_MAX_BYTES)}"}`, /larger than 5242880 bytes/],
    ['a huge Buffer', Buffer.alloc(LAYER_MAX_BYTES + 1, 0x20), /larger than 5242880 bytes/],
    [
      'a string over the cap only in UTF-8 bytes',
      `{"name":"${'é'.repeat(LAYER_MAX_BYTES / 2)}"}`,
      /larger than/,
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    ['Latin-1 text', Buffer.from('{"name":"caf\xe9"}', 'latin1'), /not valid UTF-8/],
    ['UTF-16 text', Buffer.from(`\uFEFF${layerOf([])}`, 'utf16le'), /UTF-16/],
    [
      'deep nesting',
      deep(100_000),
      new RegExp(
        `^the JSON is nested deeper than ${LAYER_MAX_DEPTH} levels at position ${LAYER_MAX_DEPTH + 13} `,
      ),
    ],
  ])('refuses %s', (_label, input, message) => {
    expect(err(parseNavigatorLayer(input))).toMatch(message);
  });

  it(`accepts nesting of exactly ${LAYER_MAX_DEPTH} levels`, () => {
    const n = LAYER_MAX_DEPTH - 1;
    const r = ok(parseNavigatorLayer(`{"metadata":${'['.repeat(n)}${']'.repeat(n)}}`));
    expect(r.layer.techniques).toEqual([]);
  });

  it('refuses input that is neither a Buffer nor a string', () => {
    for (const input of [undefined, null, 42, {}, new Uint16Array(3)]) {
      expect(err(parseNavigatorLayer(input as unknown as string))).toMatch(/Buffer or a string/);
    }
  });
});
