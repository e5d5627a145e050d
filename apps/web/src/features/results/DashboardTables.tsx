import { Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { MissionDashboard } from '@metamorph/contract';
import { CountLink, LAYER_LABELS, gapLabel, pct, type OpenTests } from './ResultBits';

const EXPECTATION_LABELS: Record<string, string> = {
  met: 'Met',
  better: 'Better than expected',
  not_met: 'Not met',
  pending: 'Pending (facts TBD)',
  no_tool: 'No tool of the layer',
};

/** Per-tactic, per-tool, expected-vs-actual and gap tables of the dashboard. */
export function DashboardTables({ d, open }: { d: MissionDashboard; open: OpenTests }) {
  const expectations = d.expectations.filter((e) => e.count > 0);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Card withBorder p="md">
        <Title order={2} fz="md" mb="xs">
          Per tactic
        </Title>
        <Table verticalSpacing={6} data-testid="tactic-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tactic</Table.Th>
              <Table.Th ta="right">Tests</Table.Th>
              <Table.Th ta="right">With outcome</Table.Th>
              <Table.Th ta="right">Detection</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.by_tactic.map((t) => (
              <Table.Tr key={t.external_id}>
                <Table.Td>
                  {t.name ?? t.external_id}{' '}
                  <Text span size="xs" className="mm-muted" ff="monospace">
                    {t.external_id}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <CountLink
                    count={t.tests}
                    filter={t.filter}
                    title={t.name ?? t.external_id}
                    open={open}
                  />
                </Table.Td>
                <Table.Td ta="right">{t.with_outcome}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {pct(t.detection_rate)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder p="md">
        <Title order={2} fz="md" mb="xs">
          Defence tools
        </Title>
        {d.by_tool.length === 0 ? (
          <Text size="sm" className="mm-muted">
            No defence tool in this mission’s assets.
          </Text>
        ) : (
          <Table verticalSpacing={6} data-testid="tool-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tool</Table.Th>
                <Table.Th ta="right">Seen</Table.Th>
                <Table.Th ta="right">Prevented</Table.Th>
                <Table.Th ta="right">Alerted</Table.Th>
                <Table.Th ta="right">Logged</Table.Th>
                <Table.Th ta="right">Missed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.by_tool.map((x) => (
                <Table.Tr key={x.id} data-testid="tool-row">
                  <Table.Td>
                    {x.name}{' '}
                    <Text span size="xs" className="mm-muted">
                      {x.layer ? (LAYER_LABELS[x.layer] ?? x.layer) : ''}
                    </Text>
                  </Table.Td>
                  {(['seen', 'prevented', 'alerted', 'logged', 'missed'] as const).map((k) => (
                    <Table.Td key={k} ta="right">
                      <CountLink
                        count={x[k].count}
                        filter={x[k].filter}
                        title={`${x.name}: ${k}`}
                        open={open}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs" className="mm-muted" mt="xs">
          Seen: blue recorded the tool’s facts on a test that ran. Missed: seen, and it neither
          prevented, alerted nor logged.
        </Text>
      </Card>
      <Card withBorder p="md">
        <Title order={2} fz="md" mb="xs">
          Expected vs actual
        </Title>
        {expectations.length === 0 ? (
          <Text size="sm" className="mm-muted">
            No test states an expected outcome.
          </Text>
        ) : (
          <Table verticalSpacing={6} data-testid="expectation-table">
            <Table.Tbody>
              {expectations.map((e) => (
                <Table.Tr key={e.result}>
                  <Table.Td>{EXPECTATION_LABELS[e.result]}</Table.Td>
                  <Table.Td ta="right">
                    <CountLink
                      count={e.count}
                      filter={e.filter}
                      title={EXPECTATION_LABELS[e.result] ?? e.result}
                      open={open}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder p="md">
        <Title order={2} fz="md" mb="xs">
          Gaps
        </Title>
        <Table verticalSpacing={6} data-testid="gap-table">
          <Table.Tbody>
            {d.gap_reasons.map((g) => (
              <Table.Tr key={g.reason}>
                <Table.Td>{gapLabel(g.reason)}</Table.Td>
                <Table.Td ta="right">
                  <CountLink
                    count={g.count}
                    filter={g.filter}
                    title={`Gap: ${gapLabel(g.reason)}`}
                    open={open}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>Outcome overridden by blue</Table.Td>
              <Table.Td ta="right">
                <CountLink
                  count={d.overridden.count}
                  filter={d.overridden.filter}
                  title="Outcome overridden"
                  open={open}
                  testId="overridden"
                />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>
    </SimpleGrid>
  );
}
