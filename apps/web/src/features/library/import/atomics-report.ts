import type { AtomicsFileReport } from '@metamorph/contract';

/** What the Atomic Red Team import takes: technique YAML files, or zips of them. */
export const ATOMICS_EXTENSIONS = ['.yaml', '.yml', '.zip'] as const;

export function isAtomicsFile(name: string): boolean {
  const lower = name.toLowerCase();
  return ATOMICS_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Adds `added` to the picked files: other extensions are refused, the same file is kept once. */
export function mergeFiles(
  current: readonly File[],
  added: readonly File[],
): { files: File[]; refused: string[] } {
  const files = [...current];
  const refused: string[] = [];
  for (const file of added) {
    if (!isAtomicsFile(file.name)) refused.push(file.name);
    else if (!files.some((f) => f.name === file.name && f.size === file.size)) files.push(file);
  }
  return { files, refused };
}

/** Whether a file's report needs a look: failed tests, errors, notes or unknown ATT&CK ids. */
export function needsLook(report: AtomicsFileReport): boolean {
  return (
    report.status === 'failed' ||
    report.failed > 0 ||
    report.errors.length > 0 ||
    report.warnings.length > 0 ||
    report.unknown_attack_ids.length > 0
  );
}

const STATUS_RANK: Record<AtomicsFileReport['status'], number> = {
  failed: 0,
  imported: 1,
  updated: 2,
  unchanged: 3,
};

/** Failed files first, then files with problems, then the rest; by name within each. */
export function sortReports(files: readonly AtomicsFileReport[]): AtomicsFileReport[] {
  return [...files].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      Number(needsLook(b)) - Number(needsLook(a)) ||
      a.file.localeCompare(b.file),
  );
}

export const REPORT_STATUS_COLORS: Record<AtomicsFileReport['status'], string> = {
  imported: 'teal',
  updated: 'blue',
  unchanged: 'gray',
  failed: 'red',
};

export { formatBytes } from '../../../lib/format';
