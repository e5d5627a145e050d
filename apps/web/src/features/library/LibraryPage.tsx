import { QueryFallback } from '../../components/QueryState';
import { Box, Button, Card, Flex, Group, Kbd, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconFilterOff, IconLibrary, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useRef } from 'react';
import { Link } from 'react-router';
import { useFilterParams } from '../../lib/use-filter-params';
import { useAttackMatrix } from '../../api/attack';
import { useLibraryTests } from '../../api/library';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';
import { LibraryIoButtons } from './import/LibraryIoButtons';
import { LibraryTabs } from './LibraryBits';
import { LibraryFacets } from './LibraryFacets';
import {
  activeFilterCount,
  filtersFromParams,
  invalidTechniqueParts,
  withFilter,
  withoutFilters,
  type FilterParam,
} from './library-filters';
import { LibraryTable } from './LibraryTable';

/** The test template library: text search, facets, and a dense result table. */
export function LibraryPage() {
  usePageTitle('Library');
  const canWrite = useCan('library.write');
  const [params, updateParams] = useFilterParams();
  const raw = { q: params.get('q') ?? '', technique: params.get('technique') ?? '' };
  // Typing debounces; a facet click applies at once.
  const [q] = useDebouncedValue(raw.q, 250);
  const [technique] = useDebouncedValue(raw.technique, 300);
  const filters = useMemo(
    () => filtersFromParams(withFilter(withFilter(params, 'q', q), 'technique', technique)),
    [params, q, technique],
  );
  const tests = useLibraryTests(filters);
  const matrix = useAttackMatrix({
    domain: 'enterprise-attack',
    includeRevoked: false,
    includeDeprecated: false,
  });
  const tacticNames = useMemo(
    () => Object.fromEntries((matrix.data?.tactics ?? []).map((t) => [t.shortname, t.name])),
    [matrix.data],
  );
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  const setFilter = (key: FilterParam, value: string | undefined) =>
    updateParams((current) => withFilter(current, key, value), {
      replace: key === 'q' || key === 'technique',
    });
  const first = tests.data?.pages[0];
  const items = tests.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = activeFilterCount(filters) > 0 || Boolean(filters.q);
  const badTechnique = invalidTechniqueParts(raw.technique);

  return (
    <Stack gap="lg" data-testid="library-page">
      <PageHeader
        eyebrow="Library"
        title="Test templates"
        description="Reusable attack procedures, tagged with ATT&CK, with what red should do and what blue should see. Missions copy them when they are planned."
        actions={
          <>
            <LibraryIoButtons />
            {canWrite && (
              <Button
                component={Link}
                to="/library/tests/new"
                leftSection={<IconPlus size={16} />}
                data-testid="library-new"
              >
                New test template
              </Button>
            )}
          </>
        }
      />
      <LibraryTabs active="tests" />
      <Flex
        gap="lg"
        direction={{ base: 'column', md: 'row' }}
        align={{ base: 'stretch', md: 'flex-start' }}
      >
        <Box w={{ base: '100%', md: 230 }} style={{ flex: 'none' }}>
          <LibraryFacets
            facets={first?.facets}
            filters={filters}
            onChange={setFilter}
            tacticNames={tacticNames}
          />
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Card p={0}>
            <Group p="md" gap="sm" align="flex-start" wrap="wrap">
              <TextInput
                ref={searchRef}
                placeholder="Search name, procedure, key, GUID…"
                aria-label="Search test templates"
                leftSection={<IconSearch size={16} />}
                rightSection={<Kbd size="xs">/</Kbd>}
                value={raw.q}
                onChange={(e) => setFilter('q', e.currentTarget.value)}
                style={{ flex: '1 1 260px' }}
                data-testid="library-search"
              />
              <TextInput
                placeholder="Technique id, e.g. T1059"
                aria-label="Filter by technique id"
                value={raw.technique}
                onChange={(e) => setFilter('technique', e.currentTarget.value)}
                error={
                  badTechnique.length > 0
                    ? `Not a technique id: ${badTechnique.join(', ')}`
                    : undefined
                }
                w={{ base: '100%', xs: 230 }}
                ff="monospace"
                data-testid="library-technique"
              />
              <Group gap="sm" ml="auto" mih={36}>
                {tests.isFetching && !tests.isFetchingNextPage && <Loader size="xs" />}
                {first && (
                  <Text size="sm" c="dimmed" data-testid="library-count">
                    {first.total} template{first.total === 1 ? '' : 's'}
                  </Text>
                )}
                {filtered && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="gray"
                    leftSection={<IconFilterOff size={14} />}
                    onClick={() => updateParams((current) => withoutFilters(current))}
                    data-testid="library-clear"
                  >
                    Clear filters
                  </Button>
                )}
              </Group>
            </Group>
            {tests.data === undefined ? (
              <QueryFallback query={tests} rows={6} padded />
            ) : items.length === 0 ? (
              <EmptyState
                icon={IconLibrary}
                title={filtered ? 'No template matches' : 'The library is empty'}
                testId="library-empty"
              >
                {filtered
                  ? 'Try another search, or clear some filters.'
                  : canWrite
                    ? 'A test template describes one attack procedure: its ATT&CK techniques, the command to run, and what each defence layer should do. Create the first with “New test template”.'
                    : 'A test template describes one attack procedure. Someone with the library.write permission can add them.'}
              </EmptyState>
            ) : (
              <>
                <LibraryTable items={items} />
                {tests.hasNextPage && (
                  <Group justify="center" p="md">
                    <Button
                      variant="default"
                      onClick={() => void tests.fetchNextPage()}
                      loading={tests.isFetchingNextPage}
                      data-testid="library-load-more"
                    >
                      Load more ({items.length} of {first?.total ?? '?'})
                    </Button>
                  </Group>
                )}
              </>
            )}
          </Card>
        </Box>
      </Flex>
    </Stack>
  );
}
