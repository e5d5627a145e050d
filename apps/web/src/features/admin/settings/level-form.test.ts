import { DetectionLevelCreate } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { formErrors, slugOf } from './level-form';

describe('detection level form', () => {
  it('proposes a slug key from the label', () => {
    expect(slugOf('Contained')).toBe('contained');
    expect(slugOf('  Blocked by EDR! ')).toBe('blocked_by_edr');
    expect(slugOf('2nd line')).toBe('nd_line');
  });

  it('reports the first error per field', () => {
    const errors = formErrors(
      DetectionLevelCreate.safeParse({
        key: 'Bad Key',
        label: '',
        colour: 'blue',
        rank: 0,
        counts_as: 'alerted',
        coverage_score: 101,
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(['colour', 'coverage_score', 'key', 'label']);
    expect(errors.colour).toBe('must be a colour like #1c7ed6');
  });
});
