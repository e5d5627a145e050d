import { ARCHIVE_BLUE_FINDING_KEYS, type ArchiveManifest } from '@metamorph/contract';
import { ArchiveRefused } from './zip-check.js';

/**
 * Format-2 keys are refused in a format-1 manifest (that format never had them), and every
 * finding must hold together: ids and numbers listed once, each linked test a test of the
 * archive (listed once), no blue detail when blue_included is false.
 */
export function checkFindings(m: ArchiveManifest, tests: ReadonlySet<string>): void {
  if (m.format_version === 1) {
    const v2 =
      m.findings !== undefined
        ? 'findings'
        : 'retest_of_mission_id' in m.mission
          ? 'mission.retest_of_mission_id'
          : m.tests.some((t) => 'retest_of_test_id' in t)
            ? 'tests[].retest_of_test_id'
            : null;
    if (v2) throw new ArchiveRefused(`format_version 1 has no ${v2} (that is format 2)`);
    return;
  }
  const ids = new Set<string>();
  const numbers = new Set<number>();
  for (const f of m.findings ?? []) {
    const name = `finding ${f.id} (F-${f.number})`;
    if (ids.has(f.id)) throw new ArchiveRefused(`the finding ${f.id} is listed twice`);
    ids.add(f.id);
    if (numbers.has(f.number)) {
      throw new ArchiveRefused(`two findings have the number F-${f.number}`);
    }
    numbers.add(f.number);
    const linked = new Set<string>();
    for (const id of f.test_ids) {
      if (!tests.has(id)) {
        throw new ArchiveRefused(`${name} links test ${id}, which is not in the archive`);
      }
      if (linked.has(id)) throw new ArchiveRefused(`${name} links test ${id} twice`);
      linked.add(id);
    }
    if (new Set(f.retest_test_ids).size !== f.retest_test_ids.length) {
      throw new ArchiveRefused(`${name} lists a retest test twice`);
    }
    if (!m.blue_included) {
      const blue = ARCHIVE_BLUE_FINDING_KEYS.find((k) => k in f);
      if (blue) throw new ArchiveRefused(`blue_included is false but ${name} has ${blue}`);
    }
  }
}
