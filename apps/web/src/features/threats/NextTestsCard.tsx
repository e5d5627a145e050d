import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { NextTests, NextTestsPlanResult } from '@metamorph/contract';
import { Link } from 'react-router';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { AddToPlanDialog } from './AddToPlanDialog';
import { plural, REASON_LABELS } from './threat-bits';

const REASON_COLOURS = { missed: 'red', not_tested: 'gray', stale: 'orange' } as const;

/** The ranked next tests with their reasons and templates; chosen templates go to a plan. */
export function NextTestsCard({
  clientId,
  profileId,
  next,
  canPlan,
}: {
  clientId: string;
  profileId: string;
  next: NextTests;
  canPlan: boolean;
}) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [planning, setPlanning] = useState(false);
  const [planned, setPlanned] = useState<NextTestsPlanResult | null>(null);
  const toggle = (id: string, on: boolean) =>
    setChosen((prev) => {
      const s = new Set(prev);
      if (on) s.add(id);
      else s.delete(id);
      return s;
    });
  return (
    <Card withBorder p={0} data-testid="next-tests">
      <Group justify="space-between" p="sm" wrap="wrap">
        <Stack gap={2}>
          <Title order={2} fz="md">
            What to test next
          </Title>
          <Text size="xs" c="dimmed">
            Ranked by importance (weight × profile entries using it), missed before not tested. Pick
            templates to plan them.
          </Text>
        </Stack>
        {canPlan && (
          <Button
            leftSection={<IconCalendarPlus size={16} />}
            disabled={chosen.size === 0}
            onClick={() => setPlanning(true)}
            data-testid="next-tests-add"
          >
            Add {chosen.size || ''} to a mission plan
          </Button>
        )}
      </Group>
      {planned && (
        <Alert
          color="teal"
          mx="sm"
          mb="sm"
          withCloseButton
          onClose={() => setPlanned(null)}
          data-testid="next-tests-planned"
        >
          {plural(planned.scenario.tests.length, 'test')} added to{' '}
          {planned.created_mission ? 'a new mission' : 'the mission'} as “{planned.scenario.name}”.{' '}
          <Anchor component={Link} to={`/missions/${planned.mission_id}?tab=plan`}>
            Open its plan
          </Anchor>
        </Alert>
      )}
      {next.items.length === 0 ? (
        <Text size="sm" p="sm" data-testid="next-tests-empty">
          Every technique of the profile is detected or logged by a recent test.
        </Text>
      ) : (
        <Table verticalSpacing={6} data-testid="next-tests-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th pl="sm" w={50}>
                Rank
              </Table.Th>
              <Table.Th>Technique</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th ta="right">Importance</Table.Th>
              <Table.Th>Used by</Table.Th>
              <Table.Th pr="sm">Library templates</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {next.items.map((x) => (
              <Table.Tr
                key={x.technique_id}
                data-testid="next-test-row"
                data-technique={x.technique_id}
              >
                <Table.Td pl="sm">{x.rank}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {x.technique_id}
                  </Text>
                  <Text size="xs">{x.name}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" radius="sm" tt="none" color={REASON_COLOURS[x.reason]}>
                    {REASON_LABELS[x.reason]}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{x.priority}</Table.Td>
                <Table.Td>
                  <Text size="xs">{x.groups.join(', ') || 'extra technique'}</Text>
                </Table.Td>
                <Table.Td pr="sm">
                  {x.templates.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      No template in the library
                    </Text>
                  ) : (
                    <Stack gap={4}>
                      {x.templates.map((t) =>
                        canPlan ? (
                          <Checkbox
                            key={t.id}
                            size="xs"
                            label={`${t.name}${t.platforms.length ? ` (${t.platforms.join(', ')})` : ''}`}
                            checked={chosen.has(t.id)}
                            onChange={(e) => toggle(t.id, e.currentTarget.checked)}
                            data-testid="next-test-template"
                          />
                        ) : (
                          <Text key={t.id} size="xs">
                            {t.name}
                          </Text>
                        ),
                      )}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddToPlanDialog
        clientId={clientId}
        profileId={profileId}
        templateIds={[...chosen]}
        opened={planning}
        onClose={() => setPlanning(false)}
        onDone={(r) => {
          setChosen(new Set());
          setPlanned(r);
        }}
      />
    </Card>
  );
}
