import { Anchor, Card, Stack, Table } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useClients } from '../../api/clients';
import { useMissions } from '../../api/missions';
import { EmptyState } from '../../components/EmptyState';
import { LoadingRows } from '../../components/LoadingRows';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';

/** `/threats`: the clients whose threat profiles the caller may read (as on the coverage page). */
export function ThreatsIndexPage() {
  usePageTitle('Threats');
  const seesClients = useCan('mission.create');
  const clients = useClients(seesClients);
  const missions = useMissions({});
  const items = useMemo(() => {
    if (seesClients) return (clients.data?.items ?? []).map((c) => ({ id: c.id, name: c.name }));
    const seen = new Map<string, string>();
    for (const page of missions.data?.pages ?? [])
      for (const m of page.items) seen.set(m.client.id, m.client.name);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [seesClients, clients.data, missions.data]);
  const pending = seesClients ? clients.isPending : missions.isPending;
  return (
    <Stack gap="lg" data-testid="threats-index">
      <PageHeader
        eyebrow="Threat-informed coverage"
        title="Threats"
        description="Pick a client to see its threat profiles: how well its missions cover the groups that target it, and what to test next."
      />
      <Card p={0}>
        {pending ? (
          <Stack p="md">
            <LoadingRows rows={3} />
          </Stack>
        ) : items.length === 0 ? (
          <EmptyState icon={IconBuilding} title="No client yet" />
        ) : (
          <Table verticalSpacing={8}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th pl="md">Client</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td pl="md">
                    <Anchor component={Link} to={`/clients/${c.id}/threats`} size="sm" fw={600}>
                      {c.name}
                    </Anchor>
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
