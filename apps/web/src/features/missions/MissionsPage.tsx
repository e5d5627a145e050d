import { QueryFallback } from '../../components/QueryState';
import {
  Button,
  Card,
  Group,
  Kbd,
  Loader,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useFilterParams } from '../../lib/use-filter-params';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconBuilding, IconFileZip, IconPlus, IconSearch, IconTarget } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useClients } from '../../api/clients';
import { useMissions } from '../../api/missions';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { ImportArchiveDialog } from '../archive/ImportArchiveDialog';
import { usePageTitle } from '../shell/usePageTitle';
import { MissionTable } from './MissionTable';
import { STATUS_META } from './mission-model';

type Filter = 'q' | 'client_id' | 'status' | 'tag' | 'include_deleted';

/** Missions the user may see: search, filters by client, status and tag. */
export function MissionsPage() {
  usePageTitle('Missions');
  const canCreate = useCan('mission.create');
  const canAdmin = useCan('admin.missions');
  const [params, updateParams] = useFilterParams();
  const get = (k: Filter) => params.get(k) ?? '';
  const [q] = useDebouncedValue(get('q'), 250);
  const missions = useMissions({
    q,
    client_id: get('client_id'),
    status: get('status'),
    tag: get('tag'),
    include_deleted: canAdmin && get('include_deleted') === 'true',
  });
  const clients = useClients(canCreate || canAdmin);
  const searchRef = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  const set = (key: Filter, value: string | null) => {
    updateParams(
      (next) => {
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key === 'q' },
    );
  };
  const items = useMemo(() => missions.data?.pages.flatMap((p) => p.items) ?? [], [missions.data]);
  const tag = get('tag');
  const tagOptions = useMemo(() => {
    const all = new Set(items.flatMap((m) => m.tags));
    if (tag) all.add(tag);
    return [...all].sort((a, b) => a.localeCompare(b));
  }, [items, tag]);
  const clientOptions = useMemo(() => {
    const known = new Map((clients.data?.items ?? []).map((c) => [c.id, c.name]));
    for (const m of items) known.set(m.client.id, m.client.name);
    return [...known.entries()]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [clients.data, items]);
  const filtered = Boolean(q.trim() || get('client_id') || get('status') || tag);

  return (
    <Stack gap="lg" data-testid="missions-page">
      <PageHeader
        eyebrow="Missions"
        title="Missions"
        description="Purple-team exercises: a client, a team, and a plan of tests copied from the library, run by red and reviewed by blue."
        actions={
          canCreate && (
            <>
              <Button
                variant="default"
                component={Link}
                to="/clients"
                leftSection={<IconBuilding size={16} />}
              >
                Clients
              </Button>
              <Button
                variant="default"
                leftSection={<IconFileZip size={16} />}
                onClick={() => setImporting(true)}
                data-testid="missions-import-archive"
              >
                Import archive
              </Button>
              <Button
                component={Link}
                to="/missions/new"
                leftSection={<IconPlus size={16} />}
                data-testid="missions-new"
              >
                New mission
              </Button>
            </>
          )
        }
      />
      <Card p={0}>
        <Group p="md" gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            ref={searchRef}
            placeholder="Search name, client…"
            aria-label="Search missions"
            leftSection={<IconSearch size={16} />}
            rightSection={<Kbd size="xs">/</Kbd>}
            value={get('q')}
            onChange={(e) => set('q', e.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
            data-testid="missions-search"
          />
          <Select
            placeholder="Any client"
            aria-label="Filter by client"
            data={clientOptions}
            value={get('client_id') || null}
            onChange={(v) => set('client_id', v)}
            clearable
            searchable
            w={{ base: '100%', xs: 200 }}
            data-testid="missions-client"
          />
          <Select
            placeholder="Any status"
            aria-label="Filter by status"
            data={Object.entries(STATUS_META).map(([value, m]) => ({ value, label: m.label }))}
            value={get('status') || null}
            onChange={(v) => set('status', v)}
            clearable
            w={{ base: '100%', xs: 150 }}
            data-testid="missions-status"
          />
          <Select
            placeholder="Any tag"
            aria-label="Filter by tag"
            data={tagOptions}
            value={tag || null}
            onChange={(v) => set('tag', v)}
            clearable
            searchable
            nothingFoundMessage="No tag"
            w={{ base: '100%', xs: 150 }}
            data-testid="missions-tag"
          />
          {canAdmin && (
            <Switch
              label="Include deleted"
              checked={get('include_deleted') === 'true'}
              onChange={(e) => set('include_deleted', e.currentTarget.checked ? 'true' : null)}
              mt={8}
              data-testid="missions-include-deleted"
            />
          )}
          <Group gap="sm" ml="auto" mih={36}>
            {missions.isFetching && !missions.isFetchingNextPage && <Loader size="xs" />}
            {missions.data && (
              <Text size="sm" c="dimmed" data-testid="missions-count">
                {items.length}
                {missions.hasNextPage ? '+' : ''} mission{items.length === 1 ? '' : 's'}
              </Text>
            )}
          </Group>
        </Group>
        {missions.data === undefined ? (
          <QueryFallback query={missions} rows={5} padded />
        ) : items.length === 0 ? (
          <EmptyState
            icon={IconTarget}
            title={filtered ? 'No mission matches' : 'No mission yet'}
            testId="missions-empty"
          >
            {filtered
              ? 'Try another search, or clear some filters.'
              : canCreate
                ? 'A mission gathers a client, a team and a plan of tests. Create one with “New mission”.'
                : 'You see the missions you are a member of. A lead adds you to one.'}
          </EmptyState>
        ) : (
          <>
            <MissionTable items={items} onTag={(t) => set('tag', t)} canRestore={canAdmin} />
            {missions.hasNextPage && (
              <Group justify="center" p="md">
                <Button
                  variant="default"
                  onClick={() => void missions.fetchNextPage()}
                  loading={missions.isFetchingNextPage}
                >
                  Load more
                </Button>
              </Group>
            )}
          </>
        )}
      </Card>
      {canCreate && <ImportArchiveDialog opened={importing} onClose={() => setImporting(false)} />}
    </Stack>
  );
}
