import { Anchor, Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { Coverage, CoverageChange } from '@metamorph/contract';
import { Link } from 'react-router';
import { LevelBadge } from './ResultBits';

function ChangeTable({
  title,
  items,
  testId,
  empty,
}: {
  title: string;
  items: CoverageChange[];
  testId: string;
  empty: string;
}) {
  return (
    <Card withBorder p="md">
      <Title order={2} fz="md" mb="xs">
        {title}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" className="mm-muted">
          {empty}
        </Text>
      ) : (
        <Table verticalSpacing={6} data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Technique or test</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => (
              <Table.Tr
                key={`${x.kind}:${x.key}:${x.after.mission_id}`}
                data-testid="coverage-change"
              >
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {x.kind === 'technique' ? `${x.key} ${x.name ?? ''}` : (x.name ?? x.key)}
                  </Text>
                  <Text size="xs" className="mm-muted">
                    {x.kind === 'technique' ? 'Technique' : 'Same library test, re-run'}
                  </Text>
                </Table.Td>
                {[x.before, x.after].map((j) => (
                  <Table.Td key={j.mission_id}>
                    <LevelBadge level={j.level} />
                    <Anchor
                      component={Link}
                      to={`/missions/${j.mission_id}?tab=heatmap`}
                      size="xs"
                      display="block"
                    >
                      {j.mission_name} · {j.date}
                    </Anchor>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Regressions (worse than in an earlier mission) and improvements of one client. */
export function CoverageChanges({ coverage: c }: { coverage: Coverage }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <ChangeTable
        title="Regressions"
        items={c.regressions}
        testId="coverage-regressions"
        empty="Nothing got worse from one mission to a later one."
      />
      <ChangeTable
        title="Improvements"
        items={c.improvements}
        testId="coverage-improvements"
        empty="No improvement between missions yet."
      />
    </SimpleGrid>
  );
}
