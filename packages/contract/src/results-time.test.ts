import { describe, expect, it } from 'vitest';
import { summarizeDurations, timeToAlert, timeToDetect, type ResultTest } from './index.js';
import { test, tool } from './results.fixtures.js';

describe('time to detect and to alert', () => {
  const at = (s: string) => `2026-03-01T${s}Z`;
  const cases: Array<[string, Partial<ResultTest>, number | null, number | null]> = [
    ['no tools', { attack_started_at: at('10:00:00') }, null, null],
    [
      'no start at all',
      { tools: [tool({ logged: 'yes', detected_at: at('10:00:10') })] },
      null,
      null,
    ],
    [
      'executed_at when no attack start',
      {
        executed_at: at('10:00:00'),
        tools: [tool({ logged: 'yes', detected_at: at('10:00:10') })],
      },
      10,
      null,
    ],
    [
      'attack start wins over executed_at; earliest tool',
      {
        attack_started_at: at('10:00:00'),
        executed_at: at('10:05:00'),
        tools: [
          tool({ alerted: 'yes', detected_at: at('10:00:30') }),
          tool({ logged: 'yes', detected_at: at('10:00:10.040') }),
        ],
      },
      10,
      30,
    ],
    [
      'TBD tools do not count',
      {
        attack_started_at: at('10:00:00'),
        tools: [
          tool({ prevented: 'tbd', alerted: 'tbd', logged: 'tbd', detected_at: at('10:00:05') }),
          tool({ alerted: 'yes', detected_at: at('10:01:00') }),
        ],
      },
      60,
      60,
    ],
    [
      'a tool that saw nothing does not count',
      { attack_started_at: at('10:00:00'), tools: [tool({ detected_at: at('10:00:05') })] },
      null,
      null,
    ],
    [
      'a yes without detected_at',
      { attack_started_at: at('10:00:00'), tools: [tool({ alerted: 'yes' })] },
      null,
      null,
    ],
    [
      'rounded to 0.1 s; prevention is a detection',
      {
        attack_started_at: at('10:00:00'),
        tools: [tool({ prevented: 'yes', detected_at: at('10:00:02.250') })],
      },
      2.3,
      null,
    ],
    [
      'detected before the start is negative',
      {
        attack_started_at: at('10:00:00'),
        tools: [tool({ logged: 'yes', detected_at: at('09:59:50') })],
      },
      -10,
      null,
    ],
    [
      'an unreadable start falls back to executed_at',
      {
        attack_started_at: 'not a time',
        executed_at: at('10:00:00'),
        tools: [tool({ alerted: 'yes', detected_at: at('10:00:10') })],
      },
      10,
      10,
    ],
  ];
  it.each(cases)('%s', (_name, over, detect, alert) => {
    const t = test('x', 'executed', null, over);
    expect([timeToDetect(t), timeToAlert(t)]).toEqual([detect, alert]);
  });
  const stats: Array<
    [Array<number | null>, [number, number | null, number | null, number | null, number | null]]
  > = [
    [[], [0, null, null, null, null]],
    [
      [null, null],
      [0, null, null, null, null],
    ],
    [[5], [1, 5, 5, 5, 5]],
    [
      [10, 2],
      [2, 6, 10, 2, 10],
    ],
    [
      [3, 1, 2],
      [3, 2, 3, 1, 3],
    ],
    [
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      [10, 5.5, 9, 1, 10],
    ],
    [
      [11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6],
      [11, 6, 10, 1, 11],
    ],
    [
      [Number.NaN, Number.POSITIVE_INFINITY, 4, null],
      [1, 4, 4, 4, 4],
    ],
    [
      [-10, 20],
      [2, 5, 20, -10, 20],
    ],
  ];
  it.each(stats)('summarizes %j', (values, [count, median, p90, min, max]) => {
    expect(summarizeDurations(values)).toEqual({ count, median, p90, min, max });
  });
});
