import { QueryFallback } from '../../../components/QueryState';
import { Anchor, Badge, Card, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useAttackGroups } from '../../../api/attack';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { usePageTitle } from '../../shell/usePageTitle';
import { groupPath } from '../attack-ids';
import { StateBadges } from '../AttackBits';

/** Threat groups of the current release, searchable by name or alias (kept in the URL). */
export function GroupsPage() {
  usePageTitle('ATT&CK groups');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [debounced] = useDebouncedValue(q, 250);
  const groups = useAttackGroups(debounced);
  const items = groups.data?.items ?? [];

  const setQuery = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('q', value);
    else next.delete('q');
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg" data-testid="groups-page">
      <PageHeader
        eyebrow="MITRE ATT&CK"
        title="Groups"
        description="Threat actors tracked by MITRE, with the techniques they are known to use. Build a scenario from what a group does."
      />
      <Card p={0}>
        <Group p="md" justify="space-between">
          <TextInput
            placeholder="Name or alias: APT29, Cozy Bear…"
            aria-label="Search groups by name or alias"
            leftSection={<IconSearch size={16} />}
            value={q}
            onChange={(e) => setQuery(e.currentTarget.value)}
            w={340}
            data-testid="groups-search"
          />
          {groups.isSuccess && (
            <Text size="sm" c="dimmed" data-testid="groups-count">
              {items.length} group{items.length === 1 ? '' : 's'}
            </Text>
          )}
        </Group>
        {groups.data === undefined ? (
          <QueryFallback query={groups} rows={6} padded />
        ) : items.length === 0 ? (
          <EmptyState icon={IconUsersGroup} title="No groups" testId="groups-empty">
            {debounced
              ? `No group name or alias contains “${debounced}”.`
              : 'No ATT&CK release with groups has been imported yet.'}
          </EmptyState>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" data-testid="groups-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>ID</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Aliases</Table.Th>
                <Table.Th w={110} ta="right">
                  Techniques
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((g) => (
                <Table.Tr key={g.external_id} data-testid="group-row" data-group={g.external_id}>
                  <Table.Td>
                    <Code fz="xs">{g.external_id}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Anchor component={Link} to={groupPath(g.external_id)} fw={600} size="sm">
                        {g.name}
                      </Anchor>
                      <StateBadges technique={g} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {g.aliases.filter((a) => a !== g.name).join(', ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Badge variant="light" color="purple">
                      {g.technique_count}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
