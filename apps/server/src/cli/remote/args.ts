import { TestState, Uuid } from '@metamorph/contract';
import { usageError } from './errors.js';

/** Refuses an id that is not a UUID before anything is sent. */
export function uuid(flag: string, value: string): string {
  if (!Uuid.safeParse(value).success) throw usageError(`${flag} must be a UUID, not ${value}`);
  return value;
}

export const missionPath = (missionId: string): string =>
  `/api/missions/${uuid('--mission', missionId)}`;

export const testPath = (missionId: string, testId: string): string =>
  `${missionPath(missionId)}/tests/${uuid('<testId>', testId)}`;

export function state(value: string, flag: string): TestState {
  const parsed = TestState.safeParse(value);
  if (!parsed.success) {
    throw usageError(`${flag} must be one of ${TestState.options.join(', ')}, not ${value}`);
  }
  return parsed.data;
}

export function version(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw usageError(`--if-version must be a whole number ≥ 1, not ${value}`);
  }
  return n;
}
