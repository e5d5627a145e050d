import { QueryFallback } from '../../components/QueryState';
import { Anchor, Card, Checkbox, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useDetectionLevels } from '../../api/execution';
import { useCompare } from '../../api/findings';
import { PageHeader } from '../../components/PageHeader';
import { StatCard } from '../results/ResultBits';
import { usePageTitle } from '../shell/usePageTitle';
import { CompareTacticsTable, CompareTestsTable } from './CompareTables';
import { FindingStatusBadge, SeverityBadge } from './FindingBits';
import { changeCounts, deltaPoints, formatDelta, formatRate } from './compare-model';

/** `/missions/:id/compare/:otherId`: a mission and its retest (or any two of a client), side by side. */
export function ComparePage() {
  const { id = '', otherId = '' } = useParams();
  const compare = useCompare(id, otherId);
  const levels = useDetectionLevels();
  const [showDropped, setShowDropped] = useState(false);
  usePageTitle('Compare missions');
  if (compare.data === undefined) return <QueryFallback query={compare} rows={6} card />;
  const c = compare.data;
  const byKey = new Map((levels.data?.items ?? []).map((l) => [l.key, l]));
  const d = deltaPoints(c.detection.before, c.detection.after);
  const counts = changeCounts(c);
  const link = (m: { id: string; name: string }) => (
    <Anchor component={Link} to={`/missions/${m.id}?tab=findings`} inherit>
      {m.name}
    </Anchor>
  );
  return (
    <Stack gap="lg" data-testid="compare-page">
      <PageHeader
        eyebrow="Before and after"
        title="Retest comparison"
        description={
          <>
            {link(c.before)} → {link(c.after)}
          </>
        }
      />
      <Group gap="md" align="stretch">
        <StatCard
          label="Detection before"
          value={formatRate(c.detection.before)}
          testId="compare-rate-before"
          hint={`${c.detection.before.numerator} of ${c.detection.before.denominator} matched tests`}
        />
        <StatCard
          label="Detection after"
          value={formatRate(c.detection.after)}
          testId="compare-rate-after"
          accent={d !== null && d > 0 ? 'teal.8' : d !== null && d < 0 ? 'red.8' : undefined}
          hint={formatDelta(d) || 'nothing reviewed yet'}
        />
        <StatCard
          label="Findings closed"
          value={`${c.findings.closed} of ${c.findings.total}`}
          testId="compare-findings-closed"
          hint="retest passed"
        />
        <StatCard
          label="Tests"
          value={`${counts.improved} improved`}
          testId="compare-improved"
          hint={`${counts.regressed} regressed · ${counts.unchanged} unchanged · ${counts.pending} pending`}
        />
      </Group>
      <Card p={0}>
        <Group justify="space-between" p="md" pb={0}>
          <Title order={2} fz="lg">
            Test by test
          </Title>
          {counts.dropped > 0 && (
            <Checkbox
              label={`Show the ${counts.dropped} test${counts.dropped === 1 ? '' : 's'} not retested`}
              checked={showDropped}
              onChange={(e) => setShowDropped(e.currentTarget.checked)}
              data-testid="compare-show-dropped"
            />
          )}
        </Group>
        <CompareTestsTable
          compare={c}
          levels={byKey}
          rows={showDropped ? c.tests : c.tests.filter((t) => t.change !== 'dropped')}
        />
      </Card>
      <Group align="flex-start" gap="lg" grow wrap="wrap">
        <Card p={0} style={{ minWidth: 320 }}>
          <Title order={2} fz="lg" p="md" pb={0}>
            Detection rate per tactic
          </Title>
          {c.tactics.length ? (
            <CompareTacticsTable compare={c} />
          ) : (
            <Text size="sm" className="mm-muted" p="md">
              No tactic among the matched tests.
            </Text>
          )}
        </Card>
        <Card p="md" style={{ minWidth: 320 }} data-testid="compare-findings">
          <Title order={2} fz="lg" mb="sm">
            Findings of {c.before.name}
          </Title>
          {c.findings.items.length === 0 ? (
            <Text size="sm" className="mm-muted">
              No finding recorded.
            </Text>
          ) : (
            <List spacing="xs" listStyleType="none">
              {c.findings.items.map((f) => (
                <List.Item key={f.id} data-testid="compare-finding" data-status={f.status}>
                  <Group gap="xs" wrap="nowrap">
                    <SeverityBadge severity={f.severity} />
                    <Text size="sm" style={{ flex: 1 }}>
                      {f.title}
                    </Text>
                    <FindingStatusBadge status={f.status} />
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      </Group>
    </Stack>
  );
}
