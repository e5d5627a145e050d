import { QueryFallback } from '../../components/QueryState';
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { HeatmapCell, ResultLevelInfo } from '@metamorph/contract';
import { useMemo, useState } from 'react';
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
 * The ATT&CK matrix (current Enterprise release, matrix order) painted with heat-map cells;
 * untested techniques stay empty; a painted technique links to `linkFor` (its tests).
 */
export function HeatmapView({
  cells,
  levels,
  linkFor,
}: {
  cells: readonly HeatmapCell[];
  levels: readonly ResultLevelInfo[];
  linkFor: (techniqueId: string) => string;
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
  const decorations = useMemo(
    () => new Map(cells.map((c) => [c.technique_id, decorate(c)])),
    [cells],
  );
  const [choices, setExpanded] = useState<ReadonlyMap<string, boolean>>(new Map());
  // Techniques whose sub-techniques were tested open by default, so their colours show.
  const expanded = useMemo(() => {
    const open = new Map<string, boolean>();
    for (const column of view.columns)
      for (const cell of column.cells)
        if (cell.subtechniques.some((s) => decorations.has(s.technique.external_id)))
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
  const outside = cells.filter((c) => !known.has(c.technique_id));
  return (
    <Stack gap="sm" data-testid="heatmap">
      <Group justify="space-between" wrap="wrap">
        <LevelLegend levels={levels} />
        <ExpandButtons onExpandAll={(open) => setExpanded(allCells(view, open))} />
      </Group>
      <Text size="xs" className="mm-muted">
        Each tested technique shows how many of its tests were detected (alerted or prevented) out
        of all its tests; {FINDING_MARK} counts its open findings. Open a technique to list them.
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
            <Badge key={c.technique_id} variant="outline" color="gray" tt="none">
              {c.technique_id} {decorate(c).label}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
