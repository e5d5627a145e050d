import { QueryState } from '../../components/QueryState';
import { Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import type { Mission } from '@metamorph/contract';
import { useSearchParams } from 'react-router';
import { useMissionLive } from '../../api/live';
import { useHeatmap, type Basis, type Rule } from '../../api/results';
import { HeatmapView } from './HeatmapView';
import { ResultTestsDrawer } from './ResultTestsDrawer';

export const RULES: Array<{ value: Rule; label: string }> = [
  { value: 'worst', label: 'Worst' },
  { value: 'best', label: 'Best' },
  { value: 'latest', label: 'Latest' },
];

/** The mission's heat map; the rule and an opened technique live in the URL. */
export function HeatmapTab({ mission }: { mission: Mission }) {
  const [params, setParams] = useSearchParams();
  // Live: a red or blue write elsewhere refreshes the numbers (the stream invalidates them).
  useMissionLive(mission.id, null);
  const rule = (RULES.find((r) => r.value === params.get('rule'))?.value ?? 'worst') as Rule;
  const basis: Basis = params.get('basis') === 'recorded' ? 'recorded' : 'reviewed';
  const heatmap = useHeatmap(mission.id, rule, basis);
  const technique = params.get('technique');
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: key !== 'technique' });
  };
  const link = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('technique', id);
    return `?${next.toString()}`;
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" className="mm-muted" maw={620}>
          Each technique is coloured by the {rule} outcome of its tests
          {rule === 'latest' ? ' (the most recently executed)' : ''}.
        </Text>
        <SegmentedControl
          size="xs"
          value={rule}
          onChange={(v) => set('rule', v === 'worst' ? null : v)}
          data={RULES}
          aria-label="How several tests of a technique add up"
          data-testid="heatmap-rule"
        />
      </Group>
      <Card withBorder p="sm">
        <QueryState query={heatmap} rows={6}>
          {(h) => <HeatmapView cells={h.cells} levels={h.levels} linkFor={link} />}
        </QueryState>
      </Card>
      <ResultTestsDrawer
        missionId={mission.id}
        target={technique ? { title: `Tests of ${technique}`, filter: { basis, technique } } : null}
        findings={
          technique
            ? (heatmap.data?.open_findings ?? []).filter((f) => f.technique_ids.includes(technique))
            : []
        }
        onClose={() => set('technique', null)}
      />
    </Stack>
  );
}
