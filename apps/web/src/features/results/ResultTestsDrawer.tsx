import { Anchor, Badge, Button, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import type { HeatmapFinding, ResultFilter } from '@metamorph/contract';
import { IconListSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useResultTests } from '../../api/results';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { testPath } from '../execution/execution-model';
import { TestStateBadge } from '../missions/MissionBits';
import { planResultParams } from '../missions/PlanResultFilter';
import { TechniqueFindings } from './OpenFindings';
import { LevelBadge } from './ResultBits';

/**
 * The tests behind a number: the mission's plan, filtered by the number's filter; for a
 * technique, its open findings above them.
 */
export function ResultTestsDrawer({
  missionId,
  target,
  findings = [],
  onClose,
}: {
  missionId: string;
  target: { title: string; filter: ResultFilter } | null;
  findings?: readonly HeatmapFinding[];
  onClose: () => void;
}) {
  const tests = useResultTests(missionId, target?.filter ?? null);
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close the list' }}
      title={<Text fw={700}>{target?.title}</Text>}
    >
      {tests.isError && <ErrorAlert error={tests.error} onRetry={() => void tests.refetch()} />}
      {tests.isPending && target && <LoadingRows rows={4} />}
      {tests.data && (
        <Stack gap="sm" data-testid="result-tests">
          <TechniqueFindings findings={findings} />
          <Group justify="space-between">
            <Text size="sm" className="mm-muted">
              {tests.data.items.length} {tests.data.items.length === 1 ? 'test' : 'tests'}
            </Text>
            {target && (
              <Button
                component={Link}
                to={`/missions/${encodeURIComponent(missionId)}?${new URLSearchParams(
                  planResultParams(target.title, target.filter),
                ).toString()}`}
                variant="light"
                size="xs"
                leftSection={<IconListSearch size={14} />}
                data-testid="result-tests-open-plan"
              >
                Open in plan
              </Button>
            )}
          </Group>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Test</Table.Th>
                <Table.Th>Techniques</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tests.data.items.map((t) => (
                <Table.Tr key={t.id} data-testid="result-test">
                  <Table.Td>
                    <Anchor component={Link} to={testPath(missionId, t.id)} fw={600} size="sm">
                      {t.name}
                    </Anchor>
                    <Text size="xs" className="mm-muted">
                      {t.scenario_name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {t.technique_ids.map((id) => (
                        <Badge key={id} variant="light" color="gray" tt="none" ff="monospace">
                          {id}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <TestStateBadge state={t.state} />
                  </Table.Td>
                  <Table.Td>
                    <LevelBadge level={t.level} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Drawer>
  );
}
