import {
  Anchor,
  Card,
  Group,
  Select,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DefenceLayer, trendChart } from '@metamorph/contract';
import { IconBuilding, IconDownload } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useClients } from '../../api/clients';
import { useMissions } from '../../api/missions';
import { coverageQuery, useCoverage, type CoverageParams, type Rule } from '../../api/results';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';
import { Chart } from './Chart';
import { CoverageChanges } from './CoverageChanges';
import { LibraryPickers, MissionPicker, splitList } from './CoverageFilters';
import { HeatmapView } from './HeatmapView';
import { CoverageFindings } from './OpenFindings';
import { LAYER_LABELS, StatCard, pct } from './ResultBits';

/** The clients the caller can pick: all (mission.create) or those of their missions. */
function useClientOptions() {
  const seesClients = useCan('mission.create');
  const clients = useClients(seesClients);
  const missions = useMissions({});
  return useMemo(() => {
    if (seesClients)
      return (clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
    const seen = new Map<string, string>();
    for (const page of missions.data?.pages ?? [])
      for (const m of page.items) seen.set(m.client.id, m.client.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [seesClients, clients.data, missions.data]);
}

/** `/coverage?client=`: one client's coverage across its missions (never all of them mixed). */
export function CoveragePage() {
  usePageTitle('Coverage');
  const [params, setParams] = useSearchParams();
  const options = useClientOptions();
  const canExport = useCan('report.export');
  const clientId = params.get('client');
  const rule = (['latest', 'worst', 'best'].find((r) => r === params.get('rule')) ??
    'latest') as Rule;
  const layer = DefenceLayer.safeParse(params.get('layer')).data;
  const missionIds = splitList(params.get('missions'));
  const tags = splitList(params.get('tags'));
  const platforms = splitList(params.get('platforms'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const query: CoverageParams | null = clientId
    ? {
        client_id: clientId,
        rule,
        basis: 'reviewed',
        layer,
        from: from || undefined,
        to: to || undefined,
        mission_ids: missionIds.join(',') || undefined,
        tags: tags.join(',') || undefined,
        platforms: platforms.join(',') || undefined,
      }
    : null;
  const coverage = useCoverage(query);
  const set = (key: string, value: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const c = coverage.data;
  const trend = useMemo(() => (c ? trendChart(c) : null), [c]);
  const latest = c?.missions.at(-1);
  return (
    <Stack gap="lg" data-testid="coverage-page">
      <PageHeader
        eyebrow="Results"
        title={c?.client ? `Coverage — ${c.client.name}` : 'Coverage'}
        description="How well one client is covered, proven by executed tests: the ATT&CK heat map over its missions, the detection trend, and what got worse or better since the last exercise."
        actions={
          query &&
          canExport && (
            // The layer is what the page shows: the same filters.
            <Anchor
              href={`/api/coverage/layer?${coverageQuery(query)}`}
              download
              size="sm"
              data-testid="coverage-layer"
            >
              <Group gap={4}>
                <IconDownload size={16} /> Navigator layer
              </Group>
            </Anchor>
          )
        }
      />
      <Card withBorder p="md">
        <Stack gap="sm">
          {/* Which missions: the client, some of its missions, a date range. */}
          <Group gap="md" align="flex-end" wrap="wrap">
            <Select
              label="Client"
              placeholder="Pick a client"
              data={options}
              value={clientId}
              onChange={(v) => {
                // Another client's missions would not belong to it: the mission picks go.
                const next = new URLSearchParams(params);
                next.delete('missions');
                if (v) next.set('client', v);
                else next.delete('client');
                setParams(next, { replace: true });
              }}
              searchable
              w={260}
              data-testid="coverage-client"
            />
            <MissionPicker
              clientId={clientId}
              value={missionIds}
              onChange={(values) => set('missions', values.join(','))}
            />
            <TextInput
              label="From"
              type="date"
              value={from}
              onChange={(e) => set('from', e.currentTarget.value)}
              w={160}
            />
            <TextInput
              label="To"
              type="date"
              value={to}
              onChange={(e) => set('to', e.currentTarget.value)}
              w={160}
            />
          </Group>
          {/* How the tests are read: the rule, one defence layer, some tests only. */}
          <Group gap="md" align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="coverage-rule-label">
                Judge each technique by
              </Text>
              <SegmentedControl
                value={rule}
                onChange={(v) => set('rule', v === 'latest' ? null : v)}
                data={[
                  { value: 'latest', label: 'Latest mission' },
                  { value: 'worst', label: 'Worst' },
                  { value: 'best', label: 'Best' },
                ]}
                aria-labelledby="coverage-rule-label"
                data-testid="coverage-rule"
              />
            </Stack>
            <Select
              label="Defence layer"
              placeholder="All (overall outcome)"
              clearable
              data={DefenceLayer.options.map((l) => ({ value: l, label: LAYER_LABELS[l] ?? l }))}
              value={layer ?? null}
              onChange={(v) => set('layer', v)}
              w={200}
            />
            <LibraryPickers
              tags={tags}
              platforms={platforms}
              onChange={(key, values) => set(key, values.join(','))}
            />
          </Group>
        </Stack>
      </Card>
      {!clientId && (
        <EmptyState icon={IconBuilding} title="Pick a client">
          Coverage is always about one client’s missions.
        </EmptyState>
      )}
      {coverage.isError && (
        <ErrorAlert error={coverage.error} onRetry={() => void coverage.refetch()} />
      )}
      {clientId && coverage.isPending && <LoadingRows rows={6} />}
      {c && (
        <>
          <Group gap="md" align="stretch" wrap="wrap">
            <StatCard label="Missions" value={c.missions.length} />
            <StatCard
              label="Techniques tested"
              value={c.cells.filter((x) => x.status !== 'untested').length}
            />
            <StatCard
              label="Latest detection rate"
              value={pct(latest?.detection_rate ?? null)}
              hint={latest ? `${latest.name} · ${latest.date}` : undefined}
              testId="coverage-latest-rate"
            />
            <StatCard
              label="Regressions"
              value={c.regressions.length}
              accent={c.regressions.length ? 'red.8' : undefined}
              testId="coverage-regressions-count"
            />
            <StatCard label="Improvements" value={c.improvements.length} accent="green.9" />
          </Group>
          {/* One mission makes no trend: its rates are in the cards above. */}
          {trend && c.missions.length > 1 && (
            <Card withBorder p="md">
              <Title order={2} fz="md" mb="xs">
                Trend per mission
              </Title>
              <Chart
                option={trend}
                height={260}
                label="Detection, prevention and visibility rate per mission over time"
                testId="chart-trend"
              />
            </Card>
          )}
          <Card withBorder p="sm">
            <HeatmapView
              cells={c.cells}
              levels={c.levels}
              linkFor={(id) => {
                const cell = c.cells.find((x) => x.technique_id === id);
                const mission = cell?.mission_ids.at(-1);
                return mission ? `/missions/${mission}?tab=heatmap&technique=${id}` : '#';
              }}
            />
          </Card>
          <CoverageFindings findings={c.open_findings} />
          <CoverageChanges coverage={c} />
        </>
      )}
    </Stack>
  );
}
