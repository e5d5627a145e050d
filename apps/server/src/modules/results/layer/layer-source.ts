import type { ResultTest } from '@metamorph/contract';
import { toResultTests } from '../results.mapper.js';
import type { ResultsData } from '../results.types.js';
import type { LayerInput } from './build-layer.js';

/**
 * What buildLayer needs from a results read (one mission's or a client's): the tests in
 * contract form, their names and the ATT&CK release of each technique tag snapshot. With
 * `missionName`, names are prefixed with it ("Q1 exercise / Encoded PowerShell"), for layers
 * over several missions.
 */
export function layerSource(
  data: ResultsData,
  opts: { missionName?: (missionId: string) => string | undefined } = {},
): Pick<LayerInput, 'tests' | 'testNames' | 'attackReleases'> & { tests: ResultTest[] } {
  const testNames = new Map<string, string>();
  const attackReleases: Array<string | null> = [];
  for (const t of data.tests) {
    const mission = opts.missionName?.(t.missionId);
    testNames.set(t.id, mission ? `${mission} / ${t.name}` : t.name);
    for (const a of t.attack) if (a.kind !== 'tactic') attackReleases.push(a.attackRelease);
  }
  return { tests: toResultTests(data), testNames, attackReleases };
}
