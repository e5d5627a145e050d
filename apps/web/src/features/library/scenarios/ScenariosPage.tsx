import { QueryFallback } from '../../../components/QueryState';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Kbd,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useFilterParams } from '../../../lib/use-filter-params';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import type { ScenarioTemplateSummary } from '@metamorph/contract';
import { IconListNumbers, IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useLibraryScenarios } from '../../../api/library-scenarios';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useCan } from '../../auth/current-user';
import { usePageTitle } from '../../shell/usePageTitle';
import { LibraryIoButtons } from '../import/LibraryIoButtons';
import classes from '../Library.module.css';
import { LibraryTabs } from '../LibraryBits';
import { markdownPreview, scenarioPath } from './scenario-form';

/** Scenario templates: ordered lists of test templates, searchable and filtered by tag. */
export function ScenariosPage() {
  usePageTitle('Scenarios');
  const canWrite = useCan('library.write');
  const [params, updateParams] = useFilterParams();
  const rawQ = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const [q] = useDebouncedValue(rawQ, 250);
  const scenarios = useLibraryScenarios({ q, tag });
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  const set = (key: 'q' | 'tag', value: string | null) => {
    updateParams(
      (next) => {
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key === 'q' },
    );
  };
  const items = useMemo(
    () => scenarios.data?.pages.flatMap((p) => p.items) ?? [],
    [scenarios.data],
  );
  const tagOptions = useMemo(() => {
    const all = new Set(items.flatMap((s) => s.tags));
    if (tag) all.add(tag);
    return [...all].sort((a, b) => a.localeCompare(b));
  }, [items, tag]);
  const filtered = Boolean(q.trim() || tag);

  return (
    <Stack gap="lg" data-testid="scenarios-page">
      <PageHeader
        eyebrow="Library"
        title="Scenario templates"
        description="Ordered lists of test templates: a kill chain to emulate, a threat group, a detection campaign. Missions copy them when they are planned."
        actions={
          <>
            <LibraryIoButtons />
            {canWrite && (
              <>
                <Button
                  variant="default"
                  component={Link}
                  to="/library/scenarios/from-group"
                  leftSection={<IconUsersGroup size={16} />}
                  data-testid="scenarios-from-group"
                >
                  From threat group
                </Button>
                <Button
                  component={Link}
                  to="/library/scenarios/new"
                  leftSection={<IconPlus size={16} />}
                  data-testid="scenarios-new"
                >
                  New scenario
                </Button>
              </>
            )}
          </>
        }
      />
      <LibraryTabs active="scenarios" />
      <Card p={0}>
        <Group p="md" gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            ref={searchRef}
            placeholder="Search name, description, key…"
            aria-label="Search scenario templates"
            leftSection={<IconSearch size={16} />}
            rightSection={<Kbd size="xs">/</Kbd>}
            value={rawQ}
            onChange={(e) => set('q', e.currentTarget.value)}
            style={{ flex: '1 1 260px' }}
            data-testid="scenarios-search"
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
            w={{ base: '100%', xs: 200 }}
            data-testid="scenarios-tag"
          />
          <Group gap="sm" ml="auto" mih={36}>
            {scenarios.isFetching && !scenarios.isFetchingNextPage && <Loader size="xs" />}
            {scenarios.data && (
              <Text size="sm" c="dimmed" data-testid="scenarios-count">
                {items.length}
                {scenarios.hasNextPage ? '+' : ''} scenario{items.length === 1 ? '' : 's'}
              </Text>
            )}
          </Group>
        </Group>
        {scenarios.data === undefined ? (
          <QueryFallback query={scenarios} rows={5} padded />
        ) : items.length === 0 ? (
          <EmptyState
            icon={IconListNumbers}
            title={filtered ? 'No scenario matches' : 'No scenario yet'}
            testId="scenarios-empty"
          >
            {filtered
              ? 'Try another search, or clear the tag filter.'
              : canWrite
                ? 'A scenario lists test templates in the order to run them. Create one with “New scenario”, or let “From threat group” propose one from the techniques a group uses.'
                : 'A scenario lists test templates in the order to run them. Someone with the library.write permission can add them.'}
          </EmptyState>
        ) : (
          <>
            <ScenarioTable items={items} onTag={(t) => set('tag', t)} />
            {scenarios.hasNextPage && (
              <Group justify="center" p="md">
                <Button
                  variant="default"
                  onClick={() => void scenarios.fetchNextPage()}
                  loading={scenarios.isFetchingNextPage}
                  data-testid="scenarios-load-more"
                >
                  Load more
                </Button>
              </Group>
            )}
          </>
        )}
      </Card>
    </Stack>
  );
}

function ScenarioTable({
  items,
  onTag,
}: {
  items: readonly ScenarioTemplateSummary[];
  onTag: (tag: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table highlightOnHover verticalSpacing={8} data-testid="scenarios-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th pl="md">Name</Table.Th>
            <Table.Th>Tags</Table.Th>
            <Table.Th ta="right">Tests</Table.Th>
            <Table.Th pr="md">Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={s.id} data-testid="scenario-row" data-name={s.name}>
              <Table.Td pl="md">
                <Stack gap={2}>
                  <Anchor
                    component={Link}
                    to={scenarioPath(s.id)}
                    size="sm"
                    className={classes.nameLink}
                    lineClamp={2}
                    data-testid="scenario-row-link"
                  >
                    {s.name}
                  </Anchor>
                  {s.description && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {markdownPreview(s.description)}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td w={240}>
                {s.tags.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                ) : (
                  <Group gap={4}>
                    {s.tags.map((t) => (
                      <UnstyledButton key={t} onClick={() => onTag(t)} aria-label={`Tag ${t}`}>
                        <Badge size="sm" variant="light" color="purple" tt="none" fw={500}>
                          #{t}
                        </Badge>
                      </UnstyledButton>
                    ))}
                  </Group>
                )}
              </Table.Td>
              <Table.Td w={80} ta="right">
                <Badge
                  variant={s.test_count ? 'default' : 'light'}
                  color={s.test_count ? undefined : 'yellow'}
                  radius="sm"
                  data-testid="scenario-row-count"
                >
                  {s.test_count}
                </Badge>
              </Table.Td>
              <Table.Td w={130} pr="md">
                <Tooltip label={formatDateTime(s.updated_at)}>
                  <Text size="xs" c="dimmed" span style={{ whiteSpace: 'nowrap' }}>
                    {formatRelative(s.updated_at)}
                  </Text>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
