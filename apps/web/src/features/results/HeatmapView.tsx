import { QueryFallback } from '../../components/QueryState';
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { HeatmapCell, ResultLevelInfo } from '@metamorph/contract';
import { useMemo, useState, type ReactNode } from 'react';
import { useAttackMatrix } from '../../api/attack';
import { AttackMatrix, type CellDecoration } from '../attack/matrix/AttackMatrix';
import { ExpandButtons } from '../attack/matrix/MatrixToolbar';
import { allCells, cellKey, filterMatrix } from '../attack/matrix/matrix-filter';
import { FINDING_MARK, openFindingsLabel } from './OpenFindings';
import { LevelLegend, textOn } from './ResultBits';

/**
 * What a heat-map cell says: colour of its level, the detected fraction, a tooltip; a technique
 * with open findings gets the finding mark and their number.
 */
export function decorate(cell: HeatmapCell): CellDecoration {
  const fraction = `${cell.detected}/${cell.tests}`;
  const tests = `${cell.tests} ${cell.tests === 1 ? 'test' : 'tests'}`;
  const open = cell.open_findings ?? 0;
  const label = open > 0 ? `${fraction} ${FINDING_MARK}${open}` : fraction;
  const findings = open > 0 ? ` · ${openFindingsLabel(open)}` : '';
  if (cell.status !== 'outcome' || !cell.level)
    return {
      label,
      tooltip: `${tests}, ${cell.status === 'awaiting' ? 'awaiting an outcome' : 'none ran yet'}${findings}`,
    };
  return {
    color: cell.level.colour,
    textColor: textOn(cell.level.colour),
    label,
    tooltip: `${cell.level.label} · ${cell.detected} of ${tests} alerted or prevented · ${cell.with_outcome} with an outcome${findings}`,
  };
}

/**
 * An overlay mode (a threat profile): its techniques painted and outlined with their own
 * decorations, every other technique greyed; the legend and the note replace the heat map's.
 */
export interface HeatmapOverlay {
  decorations: ReadonlyMap<string, CellDecoration>;
  legend: ReactNode;
  note: ReactNode;
}

const MUTED: CellDecoration = { muted: true };

/**
 * The ATT&CK matrix (current Enterprise release, matrix order) painted with heat-map cells;
 * untested techniques stay empty; a painted technique links to `linkFor` (its tests). With
 * `overlay`, the overlay's techniques are painted instead and the others greyed.
 */
export function HeatmapView({
  cells,
  levels,
  linkFor,
  overlay,
}: {
  cells: readonly HeatmapCell[];
  levels: readonly ResultLevelInfo[];
  linkFor: (techniqueId: string) => string;
  overlay?: HeatmapOverlay;
}) {
  const matrix = useAttackMatrix({
    domain: 'enterprise-attack',
    includeRevoked: false,
    includeDeprecated: false,
  });
  const view = useMemo(
    () => filterMatrix(matrix.data?.tactics ?? [], { query: '', platform: null }),
    [matrix.data],
  );
  const decorations = useMemo(() => {
    if (!overlay) return new Map(cells.map((c) => [c.technique_id, decorate(c)]));
    const out = new Map<string, CellDecoration>();
    for (const t of matrix.data?.tactics ?? [])
      for (const x of t.techniques)
        for (const id of [x.external_id, ...x.subtechniques.map((s) => s.external_id)])
          out.set(id, MUTED);
    for (const [id, d] of overlay.decorations) out.set(id, { ...d, outlined: true });
    return out;
  }, [cells, overlay, matrix.data]);
  const [choices, setExpanded] = useState<ReadonlyMap<string, boolean>>(new Map());
  // Techniques whose sub-techniques were tested open by default, so their colours show.
  const expanded = useMemo(() => {
    const painted = (id: string) => {
      const d = decorations.get(id);
      return d !== undefined && !d.muted;
    };
    const open = new Map<string, boolean>();
    for (const column of view.columns)
      for (const cell of column.cells)
        if (cell.subtechniques.some((s) => painted(s.technique.external_id)))
          open.set(cellKey(column.tactic.shortname, cell.technique.external_id), true);
    for (const [k, v] of choices) open.set(k, v);
    return open;
  }, [view, decorations, choices]);
  const known = useMemo(() => {
    const ids = new Set<string>();
    for (const t of matrix.data?.tactics ?? [])
      for (const x of t.techniques) {
        ids.add(x.external_id);
        for (const s of x.subtechniques) ids.add(s.external_id);
      }
    return ids;
  }, [matrix.data]);
  if (matrix.data === undefined) return <QueryFallback query={matrix} rows={6} />;
  const outside = overlay
    ? [...overlay.decorations]
        .filter(([id]) => !known.has(id))
        .map(([id, d]) => ({ id, label: d.label ?? '' }))
    : cells
        .filter((c) => !known.has(c.technique_id))
        .map((c) => ({ id: c.technique_id, label: decorate(c).label ?? '' }));
  return (
    <Stack gap="sm" data-testid="heatmap">
      <Group justify="space-between" wrap="wrap">
        {overlay ? overlay.legend : <LevelLegend levels={levels} />}
        <ExpandButtons onExpandAll={(open) => setExpanded(allCells(view, open))} />
      </Group>
      <Text size="xs" className="mm-muted">
        {overlay
          ? overlay.note
          : `Each tested technique shows how many of its tests were detected (alerted or prevented) out of all its tests; ${FINDING_MARK} counts its open findings. Open a technique to list them.`}
      </Text>
      <AttackMatrix
        view={view}
        decorations={decorations}
        expanded={expanded}
        onToggle={(key, open) => setExpanded((prev) => new Map(prev).set(key, open))}
        linkTo={(t) => linkFor(t.external_id)}
      />
      {outside.length > 0 && (
        <Group gap="xs" data-testid="heatmap-outside">
          <Text size="sm" className="mm-muted">
            Tested, not in the current release:
          </Text>
          {outside.map((c) => (
            <Badge key={c.id} variant="outline" color="gray" tt="none">
              {c.id} {c.label}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
