import type { MissionPlan } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { RED_ZONE_FIELDS, BLUE_ZONE_FIELDS } from './draft-model';
import { pastedFiles, pastedName } from './evidence-model';
import {
  ago,
  attackDuration,
  flaggedChanges,
  fromLocalInput,
  initials,
  neighbours,
  planOrder,
  serverChanges,
  stateActions,
  toLocalInput,
} from './execution-model';
import { detail } from './test-fixture';

const RED = { red: true, blue: false };
const BLUE = { red: false, blue: true };
const BOTH = { red: true, blue: true };
const NONE = { red: false, blue: false };

describe('state actions', () => {
  it('offers red "Mark executed" from pending, and skip / could-not-run to either side', () => {
    expect(stateActions('pending', RED).map((a) => a.to)).toEqual([
      'executed',
      'skipped',
      'blocked',
    ]);
    expect(stateActions('pending', BLUE).map((a) => a.to)).toEqual(['skipped', 'blocked']);
    expect(stateActions('pending', RED)[0]?.label).toBe('Mark executed');
  });

  it('asks a reason for skipped and blocked only', () => {
    const byTo = Object.fromEntries(
      stateActions('pending', BOTH).map((a) => [a.to, a.needsReason]),
    );
    expect(byTo).toEqual({ executed: false, skipped: true, blocked: true });
  });

  it('lets blue review an executed test and red send it back', () => {
    expect(stateActions('executed', BLUE).map((a) => a.to)).toEqual(['reviewed_by_blue']);
    expect(stateActions('executed', RED).map((a) => a.to)).toEqual(['pending']);
    expect(stateActions('reviewed_by_blue', RED)).toEqual([]);
    expect(stateActions('reviewed_by_blue', BLUE).map((a) => a.to)).toEqual(['executed']);
  });

  it('offers nothing to a reader', () => {
    for (const s of ['pending', 'executed', 'reviewed_by_blue', 'skipped', 'blocked'] as const)
      expect(stateActions(s, NONE)).toEqual([]);
  });
});

describe('plan order', () => {
  const plan = {
    scenarios: [
      { id: 's2', position: 1, tests: [{ id: 'c', position: 0, snapshot_name: 'C' }] },
      {
        id: 's1',
        position: 0,
        tests: [
          { id: 'b', position: 1, snapshot_name: 'B' },
          { id: 'a', position: 0, snapshot_name: 'A' },
        ],
      },
    ],
  } as unknown as MissionPlan;

  it('follows scenario then test positions', () => {
    expect(planOrder(plan).map((t) => t.id)).toEqual(['a', 'b', 'c']);
  });

  it('finds the previous and next tests', () => {
    const order = planOrder(plan);
    expect(neighbours(order, 'b')).toMatchObject({
      prev: { id: 'a' },
      next: { id: 'c' },
      index: 1,
      total: 3,
    });
    expect(neighbours(order, 'a').prev).toBeNull();
    expect(neighbours(order, 'c').next).toBeNull();
    expect(neighbours(order, 'zz')).toMatchObject({ prev: null, next: null, index: -1 });
  });
});

describe('server changes (409)', () => {
  const fields = [...RED_ZONE_FIELDS, ...BLUE_ZONE_FIELDS];
  it('lists what changed on the server, clashes with my edits first', () => {
    const loaded = detail({ red_command: 'a', red_output: 'o' });
    const current = detail({
      version: 2,
      red_command: 'theirs',
      red_output: 'o2',
      blue_comment_md: 'seen',
      state: 'executed',
    });
    const rows = serverChanges(loaded, current, fields, { red_command: 'mine' });
    expect(rows.map((r) => [r.field, r.clash])).toEqual([
      ['red_command', true],
      ['state', false],
      ['red_output', false],
      ['blue_comment_md', false],
    ]);
    expect(rows[0]).toMatchObject({ theirs: 'theirs', mine: 'mine', label: 'Command' });
    expect(rows[2]?.mine).toBeNull();
  });

  it('is no clash when both wrote the same value', () => {
    const rows = serverChanges(detail(), detail({ red_command: 'x' }), fields, {
      red_command: 'x',
    });
    expect(rows).toEqual([expect.objectContaining({ field: 'red_command', clash: false })]);
  });

  it('describes the fields a live refresh flagged', () => {
    expect(flaggedChanges({ red_command: 'theirs' }, { red_command: 'mine' })).toEqual([
      { field: 'red_command', label: 'Command', theirs: 'theirs', mine: 'mine', clash: true },
    ]);
  });
});

describe('times and names', () => {
  it('says how long ago', () => {
    const now = Date.parse('2026-11-29T10:00:00Z');
    expect(ago('2026-11-29T09:59:48Z', now)).toBe('12 s ago');
    expect(ago('2026-11-29T09:57:00Z', now)).toBe('3 min ago');
    expect(ago('2026-11-29T07:00:00Z', now)).toBe('3 h ago');
    expect(ago('2026-11-25T10:00:00Z', now)).toBe('4 d ago');
    expect(ago('2026-11-29T10:00:05Z', now)).toBe('0 s ago');
  });

  it('round-trips datetime-local values', () => {
    const iso = '2026-11-29T14:05:07.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeNull();
  });

  it('measures the attack window', () => {
    expect(attackDuration('2026-11-29T10:00:00Z', '2026-11-29T10:02:05Z')).toBe('2 min 05 s');
    expect(attackDuration('2026-11-29T10:00:00Z', '2026-11-29T11:00:09Z')).toBe('1 h 00 min 09 s');
    expect(attackDuration('2026-11-29T10:00:00Z', null)).toBeNull();
    expect(attackDuration('2026-11-29T10:00:00Z', '2026-11-29T09:00:00Z')).toBeNull();
  });

  it('makes initials', () => {
    expect(initials('Riley Red')).toBe('RR');
    expect(initials('bailey')).toBe('B');
    expect(initials('Anna Maria de la Cruz')).toBe('AC');
  });
});

describe('pasted files', () => {
  const at = new Date(2026, 10, 29, 14, 5, 7);
  it('names clipboard screenshots after the time', () => {
    expect(pastedName('image/png', at)).toBe('pasted-20261129-140507.png');
    expect(pastedName('image/jpeg', at, 1)).toBe('pasted-20261129-140507-2.jpg');
  });

  it('takes the files of a paste, not its text', () => {
    const png = new File([new Uint8Array([1, 2, 3])], 'image.png', { type: 'image/png' });
    const named = new File(['x'], 'notes.txt', { type: 'text/plain' });
    const data = {
      items: [
        { kind: 'string', getAsFile: () => null },
        { kind: 'file', getAsFile: () => png },
        { kind: 'file', getAsFile: () => named },
      ],
      files: [],
    } as unknown as DataTransfer;
    const files = pastedFiles(data, at);
    expect(files.map((f) => f.name)).toEqual(['pasted-20261129-140507.png', 'notes.txt']);
    expect(files[0]?.type).toBe('image/png');
    expect(pastedFiles(null, at)).toEqual([]);
    const text = { items: [{ kind: 'string', getAsFile: () => null }], files: [] };
    expect(pastedFiles(text as unknown as DataTransfer, at)).toEqual([]);
  });
});
