import { Badge, Group, Table, Text } from '@mantine/core';
import type { DetectionLevel, MissionCompare } from '@metamorph/contract';
import { IconArrowRight } from '@tabler/icons-react';
import { textOn } from '../results/ResultBits';
import { CHANGE_META, deltaPoints, formatDelta, formatRate, type Rate } from './compare-model';

type Side = MissionCompare['tests'][number]['before'];

function Outcome({ side, levels }: { side: Side; levels: ReadonlyMap<string, DetectionLevel> }) {
  if (!side)
    return (
      <Text size="sm" className="mm-muted">
        —
      </Text>
    );
  const level = side.level_key ? levels.get(side.level_key) : undefined;
  return (
    <Group gap={6} wrap="nowrap">
      {level ? (
        <Badge
          size="sm"
          tt="none"
          style={{ background: level.colour, color: textOn(level.colour) }}
        >
          {level.label}
        </Badge>
      ) : (
        <Text size="sm" className="mm-muted">
          {side.state.replaceAll('_', ' ')}
        </Text>
      )}
      {side.verdict && (
        <Badge size="xs" variant="light" color={side.verdict === 'pass' ? 'teal' : 'red'}>
          {side.verdict === 'pass' ? 'pass' : 'gap'}
        </Badge>
      )}
    </Group>
  );
}

/** Each test of the original beside its retest, with how it moved. */
export function CompareTestsTable({
  rows,
  levels,
}: {
  compare: MissionCompare;
  rows: MissionCompare['tests'];
  levels: ReadonlyMap<string, DetectionLevel>;
}) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing={8} data-testid="compare-tests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th pl="md">Test</Table.Th>
            <Table.Th>Before</Table.Th>
            <Table.Th w={24} />
            <Table.Th>After</Table.Th>
            <Table.Th pr="md">Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((t, i) => (
            <Table.Tr
              key={t.before?.test_id ?? t.after?.test_id ?? i}
              data-testid="compare-test"
              data-change={t.change}
            >
              <Table.Td pl="md">
                <Text size="sm" fw={600}>
                  {t.after?.name ?? t.before?.name}
                </Text>
                {t.template_key && (
                  <Text size="xs" className="mm-muted" ff="monospace">
                    {t.template_key}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Outcome side={t.before} levels={levels} />
              </Table.Td>
              <Table.Td>
                <IconArrowRight size={14} color="var(--mantine-color-dimmed)" aria-hidden />
              </Table.Td>
              <Table.Td>
                <Outcome side={t.after} levels={levels} />
              </Table.Td>
              <Table.Td pr="md">
                <Badge color={CHANGE_META[t.change].color} variant="light" tt="none">
                  {CHANGE_META[t.change].label}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RateCell({ rate }: { rate: Rate }) {
  return (
    <Text size="sm">
      {formatRate(rate)}{' '}
      <Text span size="xs" className="mm-muted">
        ({rate.numerator}/{rate.denominator})
      </Text>
    </Text>
  );
}

/** Detection rate before and after, per tactic (matrix order). */
export function CompareTacticsTable({ compare }: { compare: MissionCompare }) {
  return (
    <Table verticalSpacing={6} data-testid="compare-tactics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th pl="md">Tactic</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
          <Table.Th pr="md">Change</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {compare.tactics.map((t) => {
          const d = deltaPoints(t.before, t.after);
          return (
            <Table.Tr key={t.external_id} data-testid="compare-tactic" data-tactic={t.external_id}>
              <Table.Td pl="md">
                <Text size="sm" fw={600}>
                  {t.name ?? t.external_id}
                </Text>
              </Table.Td>
              <Table.Td>
                <RateCell rate={t.before} />
              </Table.Td>
              <Table.Td>
                <RateCell rate={t.after} />
              </Table.Td>
              <Table.Td pr="md">
                <Text
                  size="sm"
                  fw={600}
                  c={
                    d === null || d === 0
                      ? undefined
                      : `var(--mantine-color-${d > 0 ? 'teal' : 'red'}-light-color)`
                  }
                >
                  {formatDelta(d) || '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
