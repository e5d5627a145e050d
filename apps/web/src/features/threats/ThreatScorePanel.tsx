import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ThreatCoverage } from '@metamorph/contract';
import { StatCard } from '../results/ResultBits';
import { ScoreInputs, STATUS_LABELS, TrendLine, scorePct } from './threat-bits';

/** The threat coverage score beside its inputs, the score per tactic, the trend. */
export function ThreatScorePanel({ coverage: c }: { coverage: ThreatCoverage }) {
  return (
    <Stack gap="md">
      <Group gap="md" align="stretch" wrap="wrap">
        <StatCard
          label="Threat coverage score"
          value={scorePct(c.score)}
          hint={<ScoreInputs inputs={c.inputs} />}
          testId="threat-score"
        />
        {(['detected', 'logged', 'missed', 'not_tested'] as const).map((s) => (
          <StatCard
            key={s}
            label={STATUS_LABELS[s]}
            value={c.inputs[s]}
            testId={`threat-count-${s}`}
          />
        ))}
        <StatCard
          label="Trend per mission date"
          value={c.trend.length ? scorePct(c.trend.at(-1)!.score) : 'n/a'}
          hint={<TrendLine points={c.trend} />}
        />
      </Group>
      <Text size="xs" c="dimmed">
        Score = Σ importance of the detected techniques ÷ Σ importance of the profile’s techniques,
        importance = weight × the profile entries using the technique. Detected means alerted or
        prevented at “{c.min_level?.label ?? '—'}” or above, judged by the{' '}
        {c.rule === 'latest' ? 'latest mission' : `${c.rule} outcome`} of {c.missions.length}{' '}
        mission{c.missions.length === 1 ? '' : 's'}.
      </Text>
      <Card withBorder p={0}>
        <Title order={2} fz="md" p="sm" pb={0}>
          Per tactic
        </Title>
        <Table verticalSpacing={6} data-testid="threat-by-tactic">
          <Table.Thead>
            <Table.Tr>
              <Table.Th pl="sm">Tactic</Table.Th>
              <Table.Th ta="right">Score</Table.Th>
              <Table.Th ta="right">Techniques</Table.Th>
              <Table.Th ta="right">Detected</Table.Th>
              <Table.Th ta="right">Logged only</Table.Th>
              <Table.Th ta="right">Missed</Table.Th>
              <Table.Th ta="right" pr="sm">
                Not tested
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.by_tactic.map((t) => (
              <Table.Tr key={t.tactic} data-tactic={t.tactic}>
                <Table.Td pl="sm">{t.name ?? t.tactic}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {scorePct(t.score)}
                </Table.Td>
                <Table.Td ta="right">{t.inputs.techniques}</Table.Td>
                <Table.Td ta="right">{t.inputs.detected}</Table.Td>
                <Table.Td ta="right">{t.inputs.logged}</Table.Td>
                <Table.Td ta="right">{t.inputs.missed}</Table.Td>
                <Table.Td ta="right" pr="sm">
                  {t.inputs.not_tested}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
