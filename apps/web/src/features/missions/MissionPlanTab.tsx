import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import type { Mission, MissionScenario, MissionTestSummary } from '@metamorph/contract';
import { IconFilterOff, IconLibraryPlus, IconListCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useMembers, usePlan, usePlanChange, type PlanChange } from '../../api/missions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { AddFromLibraryDialog } from './AddFromLibraryDialog';
import { PlanScenario } from './PlanScenario';
import { SortableList } from './PlanSortable';
import {
  NO_PLAN_FILTERS,
  TEST_STATE_META,
  isFiltered,
  moveScenario,
  moveTest,
  planFacets,
  testMatches,
  type PlanFilters,
} from './mission-model';

type Removal = { scenario: MissionScenario } | { test: MissionTestSummary };

/** The plan: scenarios and their tests in order, filters, the library picker, reordering. */
export function MissionPlanTab({ mission }: { mission: Mission }) {
  const plan = usePlan(mission.id);
  const members = useMembers(mission.id);
  const change = usePlanChange(mission.id);
  const [filters, setFilters] = useState<PlanFilters>(NO_PLAN_FILTERS);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Removal | null>(null);
  const manage = mission.can_manage;
  const filtered = isFiltered(filters);
  const names = useMemo(
    () => new Map((members.data?.items ?? []).map((m) => [m.user_id, m.display_name])),
    [members.data],
  );
  const facets = useMemo(
    () => (plan.data ? planFacets(plan.data) : { tactics: [], techniques: [] }),
    [plan.data],
  );
  const set = (k: keyof PlanFilters, v: string | null) => setFilters((f) => ({ ...f, [k]: v }));
  const apply = (c: PlanChange, optimistic?: ReturnType<typeof moveScenario>) =>
    change.mutate(optimistic ? { change: c, optimistic: optimistic.plan } : { change: c });

  const scenarios = plan.data?.scenarios ?? [];
  const testCount = scenarios.reduce((n, s) => n + s.tests.length, 0);

  return (
    <Stack gap="md" data-testid="mission-plan">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" data-testid="plan-count">
          {scenarios.length} scenario{scenarios.length === 1 ? '' : 's'} · {testCount} test
          {testCount === 1 ? '' : 's'}
        </Text>
        {manage && (
          <Button
            leftSection={<IconLibraryPlus size={16} />}
            onClick={() => setAdding(true)}
            data-testid="plan-add"
          >
            Add from library
          </Button>
        )}
      </Group>
      <Card p="sm">
        <Group gap="sm" wrap="wrap">
          <Select
            placeholder="Any state"
            aria-label="Filter by state"
            data={Object.entries(TEST_STATE_META).map(([value, m]) => ({ value, label: m.label }))}
            value={filters.state}
            onChange={(v) => set('state', v)}
            clearable
            w={{ base: '100%', xs: 170 }}
            data-testid="plan-filter-state"
          />
          <Select
            placeholder={facets.tactics.length ? 'Any tactic' : 'No tactic tag'}
            aria-label="Filter by tactic"
            data={facets.tactics}
            disabled={facets.tactics.length === 0}
            value={filters.tactic}
            onChange={(v) => set('tactic', v)}
            clearable
            searchable
            w={{ base: '100%', xs: 200 }}
            data-testid="plan-filter-tactic"
          />
          <Select
            placeholder="Any technique"
            aria-label="Filter by technique"
            data={facets.techniques}
            value={filters.technique}
            onChange={(v) => set('technique', v)}
            clearable
            searchable
            w={{ base: '100%', xs: 220 }}
            data-testid="plan-filter-technique"
          />
          <Select
            placeholder="Any assignee"
            aria-label="Filter by assignee"
            data={[
              { value: 'none', label: 'Unassigned' },
              ...[...names.entries()].map(([value, label]) => ({ value, label })),
            ]}
            value={filters.assignee}
            onChange={(v) => set('assignee', v)}
            clearable
            w={{ base: '100%', xs: 180 }}
            data-testid="plan-filter-assignee"
          />
          {filtered && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              leftSection={<IconFilterOff size={14} />}
              onClick={() => setFilters(NO_PLAN_FILTERS)}
            >
              Clear
            </Button>
          )}
        </Group>
      </Card>
      {change.isError && !removing && (
        <ErrorAlert
          error={change.error}
          title={
            change.error instanceof ApiError && change.error.status === 404
              ? 'This change is not available yet on the server'
              : undefined
          }
        />
      )}
      {manage && !filtered && scenarios.length > 0 && (
        <Text size="xs" c="dimmed">
          Drag a scenario or a test by its handle to reorder (or focus the handle, Space, arrows,
          Space). Filter the plan to find tests; reordering pauses while filtered.
        </Text>
      )}
      {plan.isError ? (
        <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />
      ) : plan.isPending ? (
        <Card>
          <LoadingRows rows={5} />
        </Card>
      ) : scenarios.length === 0 ? (
        <Card>
          <EmptyState icon={IconListCheck} title="The plan is empty" testId="plan-empty">
            {manage
              ? 'Add a scenario template or a few test templates with “Add from library”.'
              : 'A lead has not planned any test yet.'}
          </EmptyState>
        </Card>
      ) : (
        <SortableList
          ids={scenarios.map((s) => s.id)}
          onMove={(a, o) => {
            const moved = moveScenario(plan.data, a, o);
            if (moved)
              apply({ kind: 'scenario', scenarioId: a, body: { position: moved.position } }, moved);
          }}
        >
          <Stack gap="md" data-testid="plan-scenarios">
            {scenarios.map((s, i) => (
              <PlanScenario
                key={s.id}
                scenario={s}
                index={i}
                tests={s.tests.filter((t) => testMatches(t, filters))}
                sortable={manage && !filtered}
                manage={manage}
                names={names}
                onMoveTest={(a, o) => {
                  const moved = moveTest(plan.data, s.id, a, o);
                  if (moved)
                    apply({ kind: 'test', testId: a, body: { position: moved.position } }, moved);
                }}
                onDeleteScenario={() => setRemoving({ scenario: s })}
                onDeleteTest={(t) => setRemoving({ test: t })}
              />
            ))}
          </Stack>
        </SortableList>
      )}
      <AddFromLibraryDialog
        missionId={mission.id}
        opened={adding}
        onClose={() => setAdding(false)}
      />
      <ConfirmDialog
        opened={removing !== null}
        title={removing && 'scenario' in removing ? 'Remove this scenario?' : 'Remove this test?'}
        confirmLabel="Remove"
        loading={change.isPending}
        onConfirm={() =>
          removing &&
          change.mutate(
            {
              change:
                'scenario' in removing
                  ? { kind: 'delete-scenario', scenarioId: removing.scenario.id }
                  : { kind: 'delete-test', testId: removing.test.id },
            },
            { onSuccess: () => setRemoving(null) },
          )
        }
        onClose={() => {
          setRemoving(null);
          change.reset();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {removing && 'scenario' in removing
              ? `“${removing.scenario.name}” and its ${removing.scenario.tests.length} tests leave the plan.`
              : `“${removing?.test.snapshot_name}” leaves the plan.`}{' '}
            It no longer shows in the plan.
          </Text>
          {change.isError && <ErrorAlert error={change.error} />}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}
