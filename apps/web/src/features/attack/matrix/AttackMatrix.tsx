import { Text, Tooltip } from '@mantine/core';
import type { TechniqueSummary } from '@metamorph/contract';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router';
import { techniquePath } from '../attack-ids';
import classes from './AttackMatrix.module.css';
import {
  cellHasMatch,
  cellKey,
  isExpanded,
  type CellView,
  type ColumnView,
  type MatrixView,
} from './matrix-filter';

/** What a caller paints on a technique: a heat-map colour, a score, a tooltip. */
export interface CellDecoration {
  /** Background colour (any CSS colour); text colour follows `textColor`. */
  color?: string;
  textColor?: string;
  /** Short text in the cell's corner, e.g. a score. */
  label?: string;
  /** Shown on hover, e.g. "3 tests: 2 alerted, 1 not detected". */
  tooltip?: string;
  /** Outlined: part of an overlay (a threat profile's technique). */
  outlined?: boolean;
  /** Greyed: outside the overlay. */
  muted?: boolean;
}

export interface AttackMatrixProps {
  view: MatrixView;
  /** Per technique or sub-technique id. */
  decorations?: ReadonlyMap<string, CellDecoration>;
  /** The user's expand/collapse choices by `cellKey`; unset cells follow the search. */
  expanded: ReadonlyMap<string, boolean>;
  onToggle: (key: string, open: boolean) => void;
  /** During a search, hide cells without a match (else they are dimmed). */
  onlyMatches?: boolean;
  /** Where a technique links to (default: its technique page). */
  linkTo?: (technique: TechniqueSummary) => string;
}

/** The ATT&CK matrix: tactic columns in matrix order, techniques with expandable sub-techniques. */
export function AttackMatrix(props: AttackMatrixProps) {
  const { view } = props;
  const style = { '--mm-columns': Math.max(view.columns.length, 1) } as CSSProperties;
  return (
    <div className={classes.scroller} data-testid="attack-matrix" tabIndex={-1}>
      <div className={classes.grid} style={style} role="list" aria-label="ATT&CK matrix">
        {view.columns.map((column) => (
          <Column key={column.tactic.shortname} column={column} {...props} />
        ))}
      </div>
    </div>
  );
}

function Column(props: AttackMatrixProps & { column: ColumnView }) {
  const { column, view, onlyMatches = false } = props;
  const cells = view.searching && onlyMatches ? column.cells.filter(cellHasMatch) : column.cells;
  const { tactic } = column;
  return (
    <section
      className={classes.column}
      role="listitem"
      aria-label={`${tactic.name}: ${cells.length} techniques`}
      data-testid="matrix-tactic"
      data-tactic={tactic.shortname}
    >
      <header className={classes.header}>
        <Tooltip label={`${tactic.external_id} · ${tactic.shortname}`} position="top-start">
          <span className={classes.headerName}>{tactic.name}</span>
        </Tooltip>
        <span className={classes.headerMeta}>
          {column.cells.length} technique{column.cells.length === 1 ? '' : 's'}
        </span>
      </header>
      {cells.length === 0 ? (
        <div className={classes.empty}>{view.searching ? 'No match' : 'No techniques'}</div>
      ) : (
        cells.map((cell) => (
          <Cell key={cell.technique.external_id} cell={cell} tactic={tactic.shortname} {...props} />
        ))
      )}
    </section>
  );
}

function Cell(props: AttackMatrixProps & { cell: CellView; tactic: string }) {
  const { cell, tactic, view, decorations, expanded, onToggle, linkTo = defaultLink } = props;
  const { technique, subtechniques } = cell;
  const key = cellKey(tactic, technique.external_id);
  const open = subtechniques.length > 0 && isExpanded(cell, key, expanded);
  const decoration = decorations?.get(technique.external_id);
  const dimmed = view.searching && !cellHasMatch(cell);
  return (
    <div
      className={classes.cell}
      data-testid="matrix-cell"
      data-technique={technique.external_id}
      data-match={cell.match || undefined}
      data-dimmed={dimmed || undefined}
      data-revoked={technique.revoked || undefined}
      data-deprecated={technique.deprecated || undefined}
      {...decorationProps(decoration)}
    >
      <div className={classes.row}>
        <Decorated decoration={decoration}>
          <Link className={classes.link} to={linkTo(technique)}>
            <span className={classes.id}>
              {technique.external_id}
              <StateFlag technique={technique} />
            </span>
            <span className={classes.name}>{technique.name}</span>
          </Link>
        </Decorated>
        {decoration?.label && <span className={classes.label}>{decoration.label}</span>}
        {subtechniques.length > 0 && (
          <button
            type="button"
            className={classes.toggle}
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} ${subtechniques.length} sub-techniques of ${technique.external_id}`}
            onClick={() => onToggle(key, !open)}
            data-testid="matrix-toggle"
          >
            {subtechniques.length}
            {open ? <IconChevronDown size={11} /> : <IconChevronRight size={11} />}
          </button>
        )}
      </div>
      {open && (
        <ul className={classes.subs} aria-label={`Sub-techniques of ${technique.external_id}`}>
          {subtechniques.map(({ technique: sub, match }) => {
            const subDecoration = decorations?.get(sub.external_id);
            return (
              <li
                key={sub.external_id}
                className={classes.sub}
                data-testid="matrix-subtechnique"
                data-technique={sub.external_id}
                data-match={match || undefined}
                {...decorationProps(subDecoration)}
              >
                <Decorated decoration={subDecoration}>
                  <Link className={classes.link} to={linkTo(sub)}>
                    <span className={classes.id}>
                      .{sub.external_id.split('.')[1]}
                      <StateFlag technique={sub} />
                    </span>
                    <span className={classes.name}>{sub.name}</span>
                  </Link>
                </Decorated>
                {subDecoration?.label && (
                  <span className={classes.label}>{subDecoration.label}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function defaultLink(technique: TechniqueSummary): string {
  return techniquePath(technique.external_id);
}

function decorationProps(decoration: CellDecoration | undefined) {
  const flags = {
    ...(decoration?.outlined ? { 'data-outlined': true } : {}),
    ...(decoration?.muted ? { 'data-muted': true } : {}),
  };
  if (!decoration?.color) return flags;
  const style = { '--mm-cell-bg': decoration.color } as CSSProperties;
  if (decoration.textColor) style.color = decoration.textColor;
  return { ...flags, 'data-decorated': true, style };
}

function Decorated({
  decoration,
  children,
}: {
  decoration?: CellDecoration | undefined;
  children: ReactNode;
}) {
  if (!decoration?.tooltip) return children;
  return (
    <Tooltip label={decoration.tooltip} multiline maw={280}>
      {children}
    </Tooltip>
  );
}

function StateFlag({ technique }: { technique: TechniqueSummary }) {
  if (technique.revoked) return <span className={classes.flag}>revoked</span>;
  if (technique.deprecated) return <span className={classes.flag}>deprecated</span>;
  return null;
}

/** Legend line under the matrix (kept here so heat-map pages can reuse the look). */
export function MatrixLegend({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" data-testid="matrix-legend">
      {children}
    </Text>
  );
}
