import { describe, expect, it } from 'vitest';
import { checkJsonSyntax } from './json-syntax.js';
import { parseNavigatorLayer } from './parse.js';
import { fixtureBytes } from './test-layer.js';

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = Buffer.from('{}[]",:\\0123456789.eE-+ntfu\n\x00\xff');

function mutate(src: Buffer, rand: () => number): Buffer {
  const out = Buffer.from(src);
  const edits = 1 + Math.floor(rand() * 4);
  let bytes = out;
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * bytes.length);
    const pick = INTERESTING[Math.floor(rand() * INTERESTING.length)] ?? 0;
    const op = rand();
    if (op < 0.4) bytes[at] = pick;
    else if (op < 0.6) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    else if (op < 0.8)
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([pick]), bytes.subarray(at)]);
    else bytes = bytes.subarray(0, at);
  }
  return bytes;
}

describe('parseNavigatorLayer: fuzz', () => {
  it('never throws on mutated fixtures, and its JSON check agrees with JSON.parse', () => {
    const rand = rng(0x1a7e4);
    const sources = [fixtureBytes('apt-plan.json'), fixtureBytes('legacy-v3.json')];
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = mutate(sources[i % sources.length] ?? Buffer.alloc(0), rand);
      const r = parseNavigatorLayer(bytes);
      if (r.ok) {
        accepted++;
        for (const t of r.layer.techniques) expect(t.external_id).toMatch(/^T\d{4}(\.\d{3})?$/);
      } else {
        expect(r.error).not.toMatch(/^could not read the layer/);
      }
      const text = bytes.toString('utf8');
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(checkJsonSyntax(text, Infinity) === null, text).toBe(parses);
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('never throws on random bytes', () => {
    const rand = rng(7);
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)),
      );
      expect(() => parseNavigatorLayer(bytes)).not.toThrow();
      expect(parseNavigatorLayer(bytes.toString('latin1')).ok).toBeTypeOf('boolean');
    }
  });
});
