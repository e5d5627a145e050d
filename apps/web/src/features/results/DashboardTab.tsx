import { QueryFallback } from '../../components/QueryState';
import { Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  levelsChart,
  progressChart,
  tacticsChart,
  type Mission,
  type MissionDashboard,
  type ResultFilter,
} from '@metamorph/contract';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMissionLive } from '../../api/live';
import { useDashboard, type Basis } from '../../api/results';
import { formatDuration } from '../../lib/format';
import { Chart } from './Chart';
import { DashboardTables } from './DashboardTables';
import { CountLink, LevelBadge, StatCard, pct, type OpenTests } from './ResultBits';
import { ResultTestsDrawer } from './ResultTestsDrawer';

/** The mission's landing tab: every number of the exercise, each opening its tests. */
export function DashboardTab({ mission }: { mission: Mission }) {
  const [params, setParams] = useSearchParams();
  // Live: a red or blue write elsewhere refreshes the numbers (the stream invalidates them).
  useMissionLive(mission.id, null);
  const basis: Basis = params.get('basis') === 'recorded' ? 'recorded' : 'reviewed';
  const dashboard = useDashboard(mission.id, basis);
  const [target, setTarget] = useState<{ title: string; filter: ResultFilter } | null>(null);
  const open: OpenTests = (title, filter) => setTarget({ title, filter });

  if (dashboard.data === undefined) return <QueryFallback query={dashboard} rows={6} card />;
  const d = dashboard.data;
  return (
    <Stack gap="lg" data-testid="dashboard">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" className="mm-muted" maw={640}>
          {basis === 'reviewed'
            ? 'Outcomes count once blue has reviewed a test.'
            : 'Outcomes count as soon as blue records a detection level.'}{' '}
          Click any number to see the tests behind it.
        </Text>
        <SegmentedControl
          size="xs"
          value={basis}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v === 'recorded') next.set('basis', v);
            else next.delete('basis');
            setParams(next, { replace: true });
          }}
          data={[
            { value: 'reviewed', label: 'Reviewed only' },
            { value: 'recorded', label: 'All recorded' },
          ]}
          aria-label="Which outcomes count"
          data-testid="dashboard-basis"
        />
      </Group>
      <Headline d={d} open={open} />
      <Charts d={d} open={open} />
      <DashboardTables d={d} open={open} />
      <ResultTestsDrawer missionId={mission.id} target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}

function Headline({ d, open }: { d: MissionDashboard; open: OpenTests }) {
  const ttd = d.time_to_detect;
  const tta = d.time_to_alert;
  const dur = (s: number | null) => (s === null ? '—' : formatDuration(s));
  return (
    <Group gap="md" align="stretch" wrap="wrap">
      <StatCard
        label="Tests"
        value={d.tests}
        hint={`${d.by_state.find((s) => s.state === 'reviewed_by_blue')?.count ?? 0} reviewed`}
      />
      <StatCard
        label="Detection rate"
        value={pct(d.detection.rate)}
        hint={`${d.detection.numerator} of ${d.detection.denominator} alerted or prevented`}
        onClick={() => open('Detected (alerted or prevented)', d.detection.filter)}
        testId="stat-detection"
        accent="blue.8"
      />
      <StatCard
        label="Prevention rate"
        value={pct(d.prevention.rate)}
        hint={`${d.prevention.numerator} of ${d.prevention.denominator} prevented`}
        onClick={() => open('Prevented', d.prevention.filter)}
        testId="stat-prevention"
        accent="green.9"
      />
      <StatCard
        label="Visibility only"
        value={pct(d.visibility.rate)}
        hint={`${d.visibility.numerator} logged without an alert`}
        onClick={() => open('Logged only (visibility)', d.visibility.filter)}
        testId="stat-visibility"
      />
      <StatCard
        label="Time to detect"
        value={dur(ttd.median)}
        hint={
          ttd.count
            ? `median of ${ttd.count} · p90 ${dur(ttd.p90)} · max ${dur(ttd.max)}`
            : 'no detection time recorded'
        }
        testId="stat-ttd"
      />
      <StatCard
        label="Time to alert"
        value={dur(tta.median)}
        hint={
          tta.count
            ? `median of ${tta.count} · p90 ${dur(tta.p90)} · max ${dur(tta.max)}`
            : 'no alert time recorded'
        }
        testId="stat-tta"
      />
    </Group>
  );
}

function Charts({ d, open }: { d: MissionDashboard; open: OpenTests }) {
  const progress = useMemo(() => progressChart(d), [d]);
  const levels = useMemo(() => levelsChart(d), [d]);
  const tactics = useMemo(() => tacticsChart(d), [d]);
  const scored = d.by_level.reduce((n, l) => n + l.count, 0);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder p="md">
        <Title order={2} fz="md" mb="xs">
          Progress
        </Title>
        <Chart option={progress} height={90} label="Tests by state" testId="chart-progress" />
        <Group gap="lg" mt="xs" wrap="wrap">
          {d.by_state.map((s) => (
            <Group key={s.state} gap={6}>
              <Text size="sm">{s.label}</Text>
              <CountLink
                count={s.count}
                filter={s.filter}
                title={s.label}
                open={open}
                testId={`state-${s.state}`}
              />
            </Group>
          ))}
        </Group>
        {(d.awaiting.review.count > 0 || d.awaiting.outcome.count > 0) && (
          <Text size="sm" className="mm-muted" mt="sm">
            Awaiting blue:{' '}
            <CountLink
              count={d.awaiting.outcome.count}
              filter={d.awaiting.outcome.filter}
              title="Ran, no outcome yet"
              open={open}
            />{' '}
            without an outcome,{' '}
            <CountLink
              count={d.awaiting.review.count}
              filter={d.awaiting.review.filter}
              title="Outcome not reviewed yet"
              open={open}
            />{' '}
            not reviewed yet.
          </Text>
        )}
      </Card>
      <Card withBorder p="md">
        <Title order={2} fz="md" mb="xs">
          Outcomes by detection level
        </Title>
        {scored === 0 ? (
          <Text size="sm" className="mm-muted">
            No outcome yet.
          </Text>
        ) : (
          <Chart
            option={levels}
            height={180}
            label="Outcomes by detection level"
            testId="chart-levels"
          />
        )}
        <Group gap="lg" mt="xs" wrap="wrap">
          {d.by_level.map((l) => (
            <Group key={l.level.id} gap={6}>
              <LevelBadge level={l.level} />
              <CountLink
                count={l.count}
                filter={l.filter}
                title={l.level.label}
                open={open}
                testId={`level-${l.level.key}`}
              />
            </Group>
          ))}
        </Group>
      </Card>
      {d.by_tactic.length > 0 && (
        <Card withBorder p="md" style={{ gridColumn: '1 / -1' }}>
          <Title order={2} fz="md" mb="xs">
            Outcomes per tactic
          </Title>
          <Chart
            option={tactics}
            height={Math.max(160, 34 * d.by_tactic.length + 60)}
            label="Outcomes per tactic, in ATT&CK matrix order"
            testId="chart-tactics"
          />
        </Card>
      )}
    </SimpleGrid>
  );
}
