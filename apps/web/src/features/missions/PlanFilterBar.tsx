import { Button, Card, Group, Select } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { NO_PLAN_FILTERS, TEST_STATE_META, isFiltered, type PlanFilters } from './mission-model';

type Option = { value: string; label: string };

/** The plan's filters: state, tactic (tagged or of a technique), technique, assignee. */
export function PlanFilterBar({
  filters,
  onChange,
  facets,
  names,
}: {
  filters: PlanFilters;
  onChange: (next: PlanFilters) => void;
  facets: { tactics: Option[]; techniques: Option[] };
  names: Map<string, string>;
}) {
  const set = (k: keyof PlanFilters, v: string | null) => onChange({ ...filters, [k]: v });
  return (
    <Card p="sm">
      <Group gap="sm" wrap="wrap">
        <Select
          placeholder="Any state"
          aria-label="Filter by state"
          data={Object.entries(TEST_STATE_META).map(([value, m]) => ({ value, label: m.label }))}
          value={filters.state}
          onChange={(v) => set('state', v)}
          clearable
          w={{ base: '100%', xs: 170 }}
          data-testid="plan-filter-state"
        />
        <Select
          placeholder={facets.tactics.length ? 'Any tactic' : 'No tactic'}
          aria-label="Filter by tactic"
          data={facets.tactics}
          disabled={facets.tactics.length === 0}
          value={filters.tactic}
          onChange={(v) => set('tactic', v)}
          clearable
          searchable
          w={{ base: '100%', xs: 210 }}
          data-testid="plan-filter-tactic"
        />
        <Select
          placeholder="Any technique"
          aria-label="Filter by technique"
          data={facets.techniques}
          value={filters.technique}
          onChange={(v) => set('technique', v)}
          clearable
          searchable
          w={{ base: '100%', xs: 230 }}
          data-testid="plan-filter-technique"
        />
        <Select
          placeholder="Any assignee"
          aria-label="Filter by assignee"
          data={[
            { value: 'none', label: 'Unassigned' },
            ...[...names.entries()].map(([value, label]) => ({ value, label })),
          ]}
          value={filters.assignee}
          onChange={(v) => set('assignee', v)}
          clearable
          w={{ base: '100%', xs: 180 }}
          data-testid="plan-filter-assignee"
        />
        {isFiltered(filters) && (
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => onChange(NO_PLAN_FILTERS)}
          >
            Clear
          </Button>
        )}
      </Group>
    </Card>
  );
}
