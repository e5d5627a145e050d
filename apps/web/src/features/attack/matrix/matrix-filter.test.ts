import type { TechniqueSummary } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  cellHasMatch,
  filterMatrix,
  isExpanded,
  techniqueMatches,
  type MatrixTactic,
} from './matrix-filter';

function tech(id: string, name: string, platforms = ['Windows']): TechniqueSummary {
  const sub = id.includes('.');
  return {
    external_id: id,
    name,
    is_subtechnique: sub,
    parent_id: sub ? (id.split('.')[0] ?? null) : null,
    tactics: ['execution'],
    platforms,
    revoked: false,
    deprecated: false,
    url: null,
  };
}

function tactic(shortname: string, techniques: MatrixTactic['techniques']): MatrixTactic {
  return {
    external_id: 'TA0002',
    shortname,
    name: shortname,
    description: '',
    url: null,
    techniques,
  };
}

const execution = tactic('execution', [
  {
    ...tech('T1059', 'Command and Scripting Interpreter', ['Windows', 'Linux']),
    subtechniques: [tech('T1059.001', 'PowerShell'), tech('T1059.004', 'Unix Shell', ['Linux'])],
  },
  { ...tech('T1204', 'User Execution'), subtechniques: [] },
]);
const persistence = tactic('persistence', [
  { ...tech('T1053', 'Scheduled Task/Job', ['Linux']), subtechniques: [] },
  { ...tech('T1059', 'Command and Scripting Interpreter'), subtechniques: [] },
]);

describe('techniqueMatches', () => {
  it('matches an id prefix or a name substring, ignoring case', () => {
    const t = tech('T1059.001', 'PowerShell');
    expect(techniqueMatches(t, 't1059')).toBe(true);
    expect(techniqueMatches(t, 'T1059.00')).toBe(true);
    expect(techniqueMatches(t, 'shell')).toBe(true);
    expect(techniqueMatches(t, '1059')).toBe(false);
    expect(techniqueMatches(t, '   ')).toBe(false);
  });
});

describe('filterMatrix', () => {
  it('marks matches and counts distinct ids across tactics', () => {
    const view = filterMatrix([execution, persistence], { query: 'T1059', platform: null });
    expect(view.searching).toBe(true);
    expect(view.matchIds).toEqual(['T1059', 'T1059.001', 'T1059.004']);
    expect(view.techniqueCount).toBe(3);
    expect(view.subtechniqueCount).toBe(2);
    const [first] = view.columns[0]?.cells ?? [];
    expect(first?.match).toBe(true);
    expect(first?.subMatch).toBe(true);
  });

  it('finds a technique by its sub-technique name and keeps the parent visible', () => {
    const view = filterMatrix([execution], { query: 'powershell', platform: null });
    const cells = view.columns[0]?.cells ?? [];
    expect(cells.map((c) => [c.technique.external_id, c.match, c.subMatch])).toEqual([
      ['T1059', false, true],
      ['T1204', false, false],
    ]);
    expect(cells.filter(cellHasMatch)).toHaveLength(1);
    expect(view.matchIds).toEqual(['T1059.001']);
  });

  it('filters by platform, sub-techniques included', () => {
    const view = filterMatrix([execution, persistence], { query: '', platform: 'Linux' });
    expect(view.columns.map((c) => c.cells.map((cell) => cell.technique.external_id))).toEqual([
      ['T1059'],
      ['T1053'],
    ]);
    expect(view.columns[0]?.cells[0]?.subtechniques.map((s) => s.technique.external_id)).toEqual([
      'T1059.004',
    ]);
    expect(view.searching).toBe(false);
    expect(view.matchIds).toEqual([]);
  });

  it('keeps a parent that is off the platform when a sub-technique is on it', () => {
    const only = tactic('execution', [
      {
        ...tech('T1000', 'Parent', ['Windows']),
        subtechniques: [tech('T1000.001', 'Child', ['macOS'])],
      },
    ]);
    const view = filterMatrix([only], { query: '', platform: 'macOS' });
    expect(view.columns[0]?.cells).toHaveLength(1);
  });
});

describe('isExpanded', () => {
  it('follows the user, else opens on a sub-technique match', () => {
    const view = filterMatrix([execution], { query: 'powershell', platform: null });
    const cell = view.columns[0]?.cells[0];
    if (!cell) throw new Error('no cell');
    expect(isExpanded(cell, 'k', new Map())).toBe(true);
    expect(isExpanded(cell, 'k', new Map([['k', false]]))).toBe(false);
  });
});
