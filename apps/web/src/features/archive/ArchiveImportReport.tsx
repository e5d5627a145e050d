import { Alert, Badge, Button, Group, List, Stack, Table, Text } from '@mantine/core';
import type { ArchiveImportReport as Report } from '@metamorph/contract';
import { IconAlertTriangle, IconArrowRight, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

/** The finished import: what was created, who and which levels were (not) found here. */
export function ArchiveImportReport({ report, onOpen }: { report: Report; onOpen?: () => void }) {
  const unmappedUsers = report.users.unmapped;
  const unmappedLevels = report.detection_levels.unmapped;
  const clean = unmappedUsers.length === 0 && unmappedLevels.length === 0;
  const c = report.counts;
  return (
    <Stack gap="md" data-testid="archive-report">
      <Alert
        color={clean ? 'teal' : 'yellow'}
        variant="light"
        icon={clean ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
        title={`Imported “${report.mission_name}” into ${report.client.name}${report.client.created ? ' (new client)' : ''}`}
        data-testid="archive-report-summary"
      >
        <Text size="sm">
          {[
            plural(c.scenarios, 'scenario'),
            plural(c.tests, 'test'),
            plural(c.assets, 'asset'),
            plural(c.members, 'member'),
            plural(c.tool_results, 'tool result'),
            plural(c.evidence, 'evidence file'),
          ].join(' · ')}
        </Text>
        {!report.blue_included && (
          <Text size="sm" mt={4}>
            The archive was exported without the blue team details.
          </Text>
        )}
        {report.importer_added_as_lead && (
          <Text size="sm" mt={4}>
            You were not among its members here, so you were added as its lead.
          </Text>
        )}
      </Alert>
      <Stack gap={6}>
        <Text fw={600} size="sm">
          People ({report.users.mapped.length} found here, {unmappedUsers.length} unknown)
        </Text>
        <Table verticalSpacing={4} data-testid="archive-report-users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Email</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Here</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.users.mapped.map((u) => (
              <Table.Tr key={u.email} data-testid="archive-user-mapped">
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{u.display_name}</Table.Td>
                <Table.Td>
                  <Badge color="teal" variant="light">
                    Mapped
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
            {unmappedUsers.map((u) => (
              <Table.Tr key={u.email} data-testid="archive-user-unmapped">
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{u.display_name}</Table.Td>
                <Table.Td>
                  <Badge color="yellow" variant="light">
                    {u.roles.length > 0 ? `Unknown: ${u.roles.join(', ')} role skipped` : 'Unknown'}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {unmappedUsers.length > 0 && (
          <Text size="xs" c="dimmed">
            Unknown people have no account here: their memberships were skipped and their names are
            kept in this report. Create their accounts and add them to the mission.
          </Text>
        )}
      </Stack>
      <Stack gap={6} data-testid="archive-report-levels">
        <Text fw={600} size="sm">
          Detection levels
        </Text>
        <Group gap={6}>
          {report.detection_levels.mapped.map((l) => (
            <Badge key={l.key} color="teal" variant="light" tt="none">
              {l.label} ({l.key})
            </Badge>
          ))}
          {report.detection_levels.mapped.length === 0 && unmappedLevels.length === 0 && (
            <Text size="sm" c="dimmed">
              No test had a detection level.
            </Text>
          )}
        </Group>
        {unmappedLevels.length > 0 && (
          <Alert color="yellow" variant="light" data-testid="archive-report-unmapped-levels">
            Not defined here, so these tests were left without a level:{' '}
            {unmappedLevels
              .map((l) => `${l.label} (${l.key}, ${plural(l.tests, 'test')})`)
              .join(', ')}
          </Alert>
        )}
      </Stack>
      {report.warnings.length > 0 && (
        <List size="sm" data-testid="archive-report-warnings">
          {report.warnings.map((w) => (
            <List.Item key={w}>{w}</List.Item>
          ))}
        </List>
      )}
      <Group justify="flex-end">
        <Button
          component={Link}
          to={`/missions/${report.mission_id}`}
          onClick={onOpen}
          rightSection={<IconArrowRight size={16} />}
          data-testid="archive-open-mission"
        >
          Open the imported mission
        </Button>
      </Group>
    </Stack>
  );
}
