import type { AtomicsFileReport } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { formatBytes, isAtomicsFile, mergeFiles, needsLook, sortReports } from './atomics-report';

function report(file: string, patch: Partial<AtomicsFileReport> = {}): AtomicsFileReport {
  return {
    file,
    technique: null,
    status: 'imported',
    imported: 1,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors: [],
    warnings: [],
    unknown_attack_ids: [],
    ...patch,
  };
}

describe('atomics report', () => {
  it('accepts yaml, yml and zip files only', () => {
    expect(isAtomicsFile('T1059.YAML')).toBe(true);
    expect(isAtomicsFile('a.yml')).toBe(true);
    expect(isAtomicsFile('atomics.zip')).toBe(true);
    expect(isAtomicsFile('notes.txt')).toBe(false);
  });

  it('merges picked files once each and lists the refused ones', () => {
    const a = new File(['x'], 'a.yaml');
    const again = new File(['x'], 'a.yaml');
    const txt = new File(['x'], 'b.txt');
    const merged = mergeFiles([a], [again, txt, new File(['yy'], 'c.zip')]);
    expect(merged.files.map((f) => f.name)).toEqual(['a.yaml', 'c.zip']);
    expect(merged.refused).toEqual(['b.txt']);
  });

  it('sorts failed files first, then files that need a look, then by name', () => {
    const sorted = sortReports([
      report('b.yaml'),
      report('z.yaml', { unknown_attack_ids: ['T9001'] }),
      report('c.yaml', { status: 'unchanged' }),
      report('y.yaml', { status: 'failed', errors: ['bad'] }),
      report('a.yaml', { status: 'failed' }),
    ]);
    expect(sorted.map((r) => r.file)).toEqual(['a.yaml', 'y.yaml', 'z.yaml', 'b.yaml', 'c.yaml']);
    expect(needsLook(report('x', { failed: 2 }))).toBe(true);
    expect(needsLook(report('x', { warnings: ['type taken as string'] }))).toBe(true);
    expect(needsLook(report('x'))).toBe(false);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});
