import { holdsSide, transitionSide, type TestState } from '@metamorph/contract';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { sidesNeeded } from './patch.js';

/** The sides a patch touching these fields needs that the caller does not hold. */
export function missingPatchSides(
  access: Pick<MissionAccess, 'sides'>,
  body: unknown,
): Array<'red' | 'blue'> {
  const need = sidesNeeded(body);
  const out: Array<'red' | 'blue'> = [];
  if (need.red && !access.sides.red) out.push('red');
  if (need.blue && !access.sides.blue) out.push('blue');
  return out;
}

/** Revealing a hidden test to blue: the red side or the mission's lead. */
export const canReveal = (access: Pick<MissionAccess, 'sides' | 'canManage'>): boolean =>
  access.sides.red || access.canManage;

/**
 * What a move from `from` to `to` means for a caller holding `sides`, by the contract's state
 * machine: `forbidden` (403) when the caller lacks the side the move (or, for a move the
 * machine refuses, any side) needs; `invalid` (409) when the machine refuses it; `same` for
 * the idempotent same-state request; else `ok`.
 */
export function transitionVerdict(
  from: TestState,
  to: TestState,
  sides: { red: boolean; blue: boolean },
): 'ok' | 'same' | 'forbidden' | 'invalid' {
  const side = transitionSide(from, to);
  if (!holdsSide(side ?? 'any', sides)) return 'forbidden';
  if (side === null) return 'invalid';
  return from === to ? 'same' : 'ok';
}
