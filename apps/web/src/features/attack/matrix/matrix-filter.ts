import type { Matrix, TechniqueSummary } from '@metamorph/contract';

export type MatrixTactic = Matrix['tactics'][number];
export type MatrixTechnique = MatrixTactic['techniques'][number];

export interface MatrixFilter {
  /** Technique id prefix ("T1059", "t1059.0") or name substring; blank: no search. */
  query: string;
  /** Keep only techniques for this platform; null: all. */
  platform: string | null;
}

export interface SubCellView {
  technique: TechniqueSummary;
  match: boolean;
}

export interface CellView {
  technique: MatrixTechnique;
  subtechniques: SubCellView[];
  /** The technique itself matches the search. */
  match: boolean;
  /** At least one of its sub-techniques matches the search. */
  subMatch: boolean;
}

export interface ColumnView {
  tactic: MatrixTactic;
  cells: CellView[];
}

export interface MatrixView {
  columns: ColumnView[];
  /** Whether a search is active. */
  searching: boolean;
  /** Distinct technique and sub-technique ids matching the search (a technique can sit in several tactics). */
  matchIds: string[];
  /** Distinct techniques (not sub-techniques) on screen after the platform filter. */
  techniqueCount: number;
  subtechniqueCount: number;
}

/** Case-insensitive: an id prefix ("t1059." too) or a name substring. */
export function techniqueMatches(technique: TechniqueSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return false;
  return (
    technique.external_id.toLowerCase().startsWith(q) || technique.name.toLowerCase().includes(q)
  );
}

function onPlatform(technique: TechniqueSummary, platform: string | null): boolean {
  return platform === null || technique.platforms.includes(platform);
}

/** Applies the platform filter and marks search matches, keeping matrix order. */
export function filterMatrix(tactics: readonly MatrixTactic[], filter: MatrixFilter): MatrixView {
  const searching = filter.query.trim() !== '';
  const matches = new Set<string>();
  const techniques = new Set<string>();
  const subtechniques = new Set<string>();

  const columns = tactics.map((tactic) => {
    const cells: CellView[] = [];
    for (const technique of tactic.techniques) {
      const subs = technique.subtechniques
        .filter((sub) => onPlatform(sub, filter.platform))
        .map((sub) => ({
          technique: sub,
          match: searching && techniqueMatches(sub, filter.query),
        }));
      if (!onPlatform(technique, filter.platform) && subs.length === 0) continue;
      const match = searching && techniqueMatches(technique, filter.query);
      const subMatch = subs.some((s) => s.match);
      if (match) matches.add(technique.external_id);
      for (const sub of subs) {
        subtechniques.add(sub.technique.external_id);
        if (sub.match) matches.add(sub.technique.external_id);
      }
      techniques.add(technique.external_id);
      cells.push({ technique, subtechniques: subs, match, subMatch });
    }
    return { tactic, cells };
  });

  return {
    columns,
    searching,
    matchIds: [...matches].sort(),
    techniqueCount: techniques.size,
    subtechniqueCount: subtechniques.size,
  };
}

/** Whether a cell stays visible when only matches are shown. */
export function cellHasMatch(cell: CellView): boolean {
  return cell.match || cell.subMatch;
}

/** The cell's expansion key: a technique may sit in several tactic columns. */
export function cellKey(tacticShortname: string, techniqueId: string): string {
  return `${tacticShortname}/${techniqueId}`;
}

/**
 * Whether a cell shows its sub-techniques: the user's choice when made, else open
 * when the search matches one of them.
 */
export function isExpanded(
  cell: CellView,
  key: string,
  choices: ReadonlyMap<string, boolean>,
): boolean {
  return choices.get(key) ?? cell.subMatch;
}

/** Every cell with sub-techniques, opened or closed (expand / collapse all). */
export function allCells(view: MatrixView, open: boolean): Map<string, boolean> {
  const map = new Map<string, boolean>();
  for (const column of view.columns) {
    for (const cell of column.cells) {
      if (cell.subtechniques.length > 0)
        map.set(cellKey(column.tactic.shortname, cell.technique.external_id), open);
    }
  }
  return map;
}
