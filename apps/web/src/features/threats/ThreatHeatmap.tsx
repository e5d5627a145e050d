import { Group, Text } from '@mantine/core';
import type { ResultLevelInfo, ThreatCoverage } from '@metamorph/contract';
import { useMemo } from 'react';
import type { CellDecoration } from '../attack/matrix/AttackMatrix';
import { HeatmapView } from '../results/HeatmapView';
import { textOn } from '../results/ResultBits';
import { NOT_TESTED_COLOUR, STATUS_LABELS } from './threat-bits';

function Swatch({ colour, label }: { colour: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span
        aria-hidden
        style={{
          width: 14,
          height: 14,
          borderRadius: 3,
          background: colour,
          border: '1px solid var(--mm-overlay-outline)',
          display: 'inline-block',
        }}
      />
      <Text size="sm">{label}</Text>
    </Group>
  );
}

/** The results heat map in overlay mode: profile techniques by status, others greyed. */
export function ThreatHeatmap({
  coverage,
  levels,
}: {
  coverage: ThreatCoverage;
  levels: readonly ResultLevelInfo[];
}) {
  const overlay = useMemo(() => {
    const decorations = new Map<string, CellDecoration>();
    for (const t of coverage.techniques) {
      const colour = t.level?.colour ?? NOT_TESTED_COLOUR;
      decorations.set(t.technique_id, {
        color: colour,
        textColor: textOn(colour),
        label: `×${Math.round(t.importance * 100) / 100}`,
        tooltip: `${STATUS_LABELS[t.status]}${t.level ? ` (${t.level.label})` : ''} · importance ${t.importance} · used by ${t.groups.join(', ') || 'extra technique'}`,
      });
    }
    return {
      decorations,
      legend: (
        <Group gap="md" data-testid="threat-legend">
          {[...levels]
            .sort((a, b) => a.rank - b.rank)
            .map((l) => (
              <Swatch key={l.id} colour={l.colour} label={l.label} />
            ))}
          <Swatch colour={NOT_TESTED_COLOUR} label="Not tested" />
          <Swatch colour="var(--mm-overlay-muted)" label="Outside the profile" />
        </Group>
      ),
      note: 'Outlined techniques are the profile’s, coloured by the detection level deciding their status; ×n is their importance. Greyed techniques are outside the profile.',
    };
  }, [coverage, levels]);
  const byId = new Map(coverage.techniques.map((t) => [t.technique_id, t]));
  return (
    <HeatmapView
      cells={[]}
      levels={levels}
      overlay={overlay}
      linkFor={(id) => {
        const mission = byId.get(id)?.mission_ids.at(-1);
        return mission
          ? `/missions/${mission}?tab=heatmap&technique=${id}`
          : `/attack/techniques/${id}`;
      }}
    />
  );
}
