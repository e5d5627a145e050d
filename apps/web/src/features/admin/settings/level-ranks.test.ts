import { describe, expect, it } from 'vitest';
import { byRank, insertRank, moveRank } from './level-ranks';

const L = [
  { id: 'p', key: 'prevented', rank: 3 },
  { id: 'n', key: 'not_detected', rank: 0 },
  { id: 'a', key: 'alerted', rank: 2 },
  { id: 'l', key: 'logged', rank: 1 },
];

describe('detection level ranks', () => {
  it('orders by rank, then key', () => {
    expect(byRank(L).map((l) => l.id)).toEqual(['n', 'l', 'a', 'p']);
    expect(
      byRank([
        { id: 'b', key: 'b', rank: 1 },
        { id: 'a', key: 'a', rank: 1 },
      ])[0]?.id,
    ).toBe('a');
  });

  it('re-ranks after a drag, patching only what moved', () => {
    expect(moveRank(L, 'p', 'l')).toEqual([
      { id: 'p', rank: 1 },
      { id: 'l', rank: 2 },
      { id: 'a', rank: 3 },
    ]);
    expect(moveRank(L, 'n', 'n')).toEqual([]);
    expect(moveRank(L, 'x', 'n')).toEqual([]);
  });

  it('makes room for a new level after another', () => {
    expect(insertRank(L, 'a')).toEqual({ rank: 3, shifts: [{ id: 'p', rank: 4 }] });
    expect(insertRank(L, null).rank).toBe(0);
    expect(insertRank(L, null).shifts).toHaveLength(4);
    expect(insertRank(L, 'p')).toEqual({ rank: 4, shifts: [] });
  });

  it('normalises gaps while inserting', () => {
    const gappy = [
      { id: 'a', key: 'a', rank: 10 },
      { id: 'b', key: 'b', rank: 20 },
    ];
    expect(insertRank(gappy, 'a')).toEqual({
      rank: 1,
      shifts: [
        { id: 'a', rank: 0 },
        { id: 'b', rank: 2 },
      ],
    });
  });
});
