import {
  Anchor,
  Badge,
  Box,
  Card,
  Group,
  Stack,
  Switch,
  Text,
  UnstyledButton,
} from '@mantine/core';
import type { TestTemplateFacets } from '@metamorph/contract';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { LibraryFilters } from '../../api/library';
import classes from './Library.module.css';
import { SOURCE_LABELS, type FilterParam } from './library-filters';

interface FacetOption {
  value: string;
  label: string;
  count: number;
}

const SHOWN = 8;

interface LibraryFacetsProps {
  facets: TestTemplateFacets | undefined;
  filters: LibraryFilters;
  onChange: (key: FilterParam, value: string | undefined) => void;
  /** Tactic shortname → name, from the ATT&CK matrix. */
  tacticNames: Record<string, string>;
}

/** The left panel: each filter's values with how many templates of the result have them. */
export function LibraryFacets({ facets, filters, onChange, tacticNames }: LibraryFacetsProps) {
  const f = facets ?? { platforms: [], tactics: [], tags: [], sources: [], flagged: 0 };
  return (
    <Card p="md" data-testid="library-facets">
      <Stack gap="lg">
        <Switch
          size="sm"
          label={
            <Group gap={6} wrap="nowrap">
              <Text size="sm">Needs review</Text>
              <Badge size="xs" variant="light" color="yellow" data-testid="facet-flagged-count">
                {f.flagged}
              </Badge>
            </Group>
          }
          checked={filters.flagged === 'true'}
          onChange={(e) => onChange('flagged', e.currentTarget.checked ? 'true' : undefined)}
          data-testid="facet-flagged"
        />
        <FacetGroup
          title="Tactic"
          facet="tactic"
          selected={filters.tactic}
          onSelect={(v) => onChange('tactic', v)}
          options={f.tactics.map((t) => ({
            value: t.value,
            label: tacticNames[t.value] ?? t.value,
            count: t.count,
          }))}
        />
        <FacetGroup
          title="Platform"
          facet="platform"
          selected={filters.platform}
          onSelect={(v) => onChange('platform', v)}
          options={f.platforms.map((p) => ({ ...p, label: p.value }))}
        />
        <FacetGroup
          title="Source"
          facet="source"
          selected={filters.source}
          onSelect={(v) => onChange('source', v)}
          options={f.sources.map((s) => ({
            ...s,
            label: SOURCE_LABELS[s.value as keyof typeof SOURCE_LABELS] ?? s.value,
          }))}
        />
        <FacetGroup
          title="Tag"
          facet="tag"
          selected={filters.tag}
          onSelect={(v) => onChange('tag', v)}
          options={f.tags.map((t) => ({ ...t, label: t.value }))}
        />
      </Stack>
    </Card>
  );
}

function FacetGroup(props: {
  title: string;
  facet: FilterParam;
  options: FacetOption[];
  selected: string | undefined;
  onSelect: (value: string | undefined) => void;
}) {
  const { title, facet, selected, onSelect } = props;
  const [all, setAll] = useState(false);
  const options = [...props.options];
  // The selected value stays listed even when the API left it out.
  if (selected && !options.some((o) => o.value.toLowerCase() === selected.toLowerCase()))
    options.unshift({ value: selected, label: selected, count: 0 });
  const shown = all ? options : options.slice(0, SHOWN);
  return (
    <Box role="group" aria-label={title} data-testid={`facet-${facet}`}>
      <Group justify="space-between" mb={4}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.5}>
          {title}
        </Text>
        {selected && (
          <Anchor component="button" size="xs" onClick={() => onSelect(undefined)}>
            Clear
          </Anchor>
        )}
      </Group>
      {options.length === 0 ? (
        <Text size="xs" c="dimmed">
          None in these results
        </Text>
      ) : (
        <Stack gap={1}>
          {shown.map((o) => {
            const active = selected?.toLowerCase() === o.value.toLowerCase();
            return (
              <UnstyledButton
                key={o.value}
                onClick={() => onSelect(active ? undefined : o.value)}
                aria-pressed={active}
                data-testid="facet-option"
                data-value={o.value}
                data-active={active || undefined}
                px={8}
                py={4}
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                className={classes.facetOption}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Group gap={6} wrap="nowrap" miw={0}>
                    {active && <IconCheck size={13} style={{ flex: 'none' }} />}
                    <Text size="sm" truncate="end" fw={active ? 600 : 400} title={o.label}>
                      {o.label}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" ff="monospace" style={{ flex: 'none' }}>
                    {o.count}
                  </Text>
                </Group>
              </UnstyledButton>
            );
          })}
          {options.length > SHOWN && (
            <Anchor component="button" size="xs" ta="left" px={8} onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `Show all ${options.length}`}
            </Anchor>
          )}
        </Stack>
      )}
    </Box>
  );
}
