import { QueryFallback } from '../../components/QueryState';
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import type { Mission, MissionScenario } from '@metamorph/contract';
import { IconFileImport, IconLibraryPlus, IconListCheck, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useMembers } from '../../api/missions';
import { usePlan, usePlanChange, type PlanChange } from '../../api/missions-plan';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AutomationActions } from '../automation/AutomationActions';
import { BulkActionBar } from '../workspace/BulkActionBar';
import { BulkSelectionProvider } from '../workspace/BulkSelection';
import { bulkActionsFor } from '../workspace/bulk-model';
import { AddFromLibraryDialog } from './AddFromLibraryDialog';
import { AdHocTestDialog } from './AdHocTestDialog';
import { ImportLayerDialog } from './ImportLayerDialog';
import { PlanFilterBar } from './PlanFilterBar';
import { PlanResultChip, usePlanResultFilter } from './PlanResultFilter';
import { PlanRemoveDialog, type Removal } from './PlanRemoveDialog';
import { PlanScenario, type ScenarioActions } from './PlanScenario';
import { SortableList } from './PlanSortable';
import { RenameScenarioDialog } from './RenameScenarioDialog';
import {
  NO_PLAN_FILTERS,
  isFiltered,
  moveScenario,
  moveTest,
  planFacets,
  testMatches,
  type PlanFilters,
} from './mission-model';

type Dialog =
  | { kind: 'library' }
  | { kind: 'layer' }
  | { kind: 'adhoc'; scenarioId: string | null }
  | { kind: 'rename'; scenario: MissionScenario }
  | null;

/** The plan: scenarios and their tests in order, filters, the lead's editing and reordering. */
export function MissionPlanTab({ mission }: { mission: Mission }) {
  const plan = usePlan(mission.id);
  const members = useMembers(mission.id);
  const change = usePlanChange(mission.id);
  const [filters, setFilters] = useState<PlanFilters>(NO_PLAN_FILTERS);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [removing, setRemoving] = useState<Removal | null>(null);
  const manage = mission.can_manage;
  const result = usePlanResultFilter(mission.id);
  const filtered = isFiltered(filters) || result.active;
  const memberList = useMemo(() => members.data?.items ?? [], [members.data]);
  const names = useMemo(
    () => new Map(memberList.map((m) => [m.user_id, m.display_name])),
    [memberList],
  );
  const facets = useMemo(
    () => (plan.data ? planFacets(plan.data) : { tactics: [], techniques: [] }),
    [plan.data],
  );
  const apply = (c: PlanChange, optimistic?: ReturnType<typeof moveScenario>) =>
    change.mutate(optimistic ? { change: c, optimistic: optimistic.plan } : { change: c });

  const scenarios = plan.data?.scenarios ?? [];
  const testCount = scenarios.reduce((n, s) => n + s.tests.length, 0);
  const shownIn = (s: MissionScenario) =>
    s.tests.filter(
      (t) =>
        testMatches(t, filters) &&
        (!result.active || (result.ids !== null && result.ids.has(t.id))),
    );
  const shown = scenarios.flatMap(shownIn);
  const testNames = new Map(scenarios.flatMap((s) => s.tests.map((t) => [t.id, t.snapshot_name])));
  const bulk = bulkActionsFor(mission).length > 0;
  const actions: ScenarioActions | null = manage
    ? {
        missionId: mission.id,
        members: memberList,
        blind: mission.visibility === 'blind',
        onToggleHidden: (t) =>
          apply({
            kind: 'test',
            testId: t.id,
            body: { hidden_from_blue: !t.hidden_from_blue },
          }),
        onToggleReport: (t) =>
          apply({
            kind: 'test',
            testId: t.id,
            body: { include_in_report: !t.include_in_report },
          }),
        onDelete: (test) => setRemoving({ test }),
        onRename: (scenario) => setDialog({ kind: 'rename', scenario }),
        onAddTest: (s) => setDialog({ kind: 'adhoc', scenarioId: s.id }),
        onDeleteScenario: (scenario) => setRemoving({ scenario }),
      }
    : null;

  const tab = (
    <Stack gap="md" data-testid="mission-plan">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" data-testid="plan-count">
          {scenarios.length} scenario{scenarios.length === 1 ? '' : 's'} · {testCount} test
          {testCount === 1 ? '' : 's'}
        </Text>
        <Group gap="sm">
          <AutomationActions mission={mission} />
          {manage && (
            <>
              <Button
                variant="default"
                leftSection={<IconFileImport size={16} />}
                onClick={() => setDialog({ kind: 'layer' })}
                data-testid="plan-import-layer"
              >
                Import Navigator layer
              </Button>
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                onClick={() => setDialog({ kind: 'adhoc', scenarioId: null })}
                disabled={scenarios.length === 0}
                title={scenarios.length === 0 ? 'Add a scenario first' : undefined}
                data-testid="plan-new-test"
              >
                New test
              </Button>
              <Button
                leftSection={<IconLibraryPlus size={16} />}
                onClick={() => setDialog({ kind: 'library' })}
                data-testid="plan-add"
              >
                Add from library
              </Button>
            </>
          )}
        </Group>
      </Group>
      <PlanFilterBar filters={filters} onChange={setFilters} facets={facets} names={names} />
      {result.active && (
        <PlanResultChip title={result.title} count={result.count} onClear={result.clear} />
      )}
      {result.error && <ErrorAlert error={result.error} title="The results filter failed" />}
      {bulk && testCount > 0 && (
        <BulkActionBar mission={mission} shown={shown} names={testNames} members={memberList} />
      )}
      {change.isError && (
        <ErrorAlert
          error={change.error}
          title={
            change.error instanceof ApiError && change.error.status === 404
              ? 'This change is not available yet on the server'
              : 'The plan did not change'
          }
        />
      )}
      {manage && !filtered && scenarios.length > 0 && (
        <Text size="xs" c="dimmed">
          Drag a scenario or a test by its handle to reorder (or focus the handle, Space, arrows,
          Space). Reordering pauses while the plan is filtered.
        </Text>
      )}
      {plan.data === undefined ? (
        <QueryFallback query={plan} rows={5} card />
      ) : scenarios.length === 0 ? (
        <Card>
          <EmptyState icon={IconListCheck} title="The plan is empty" testId="plan-empty">
            {manage
              ? 'Add a scenario template or a few test templates with “Add from library”, or import an ATT&CK Navigator layer.'
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
                tests={shownIn(s)}
                sortable={manage && !filtered}
                names={names}
                actions={actions}
                onMoveTest={(a, o) => {
                  const moved = moveTest(plan.data, s.id, a, o);
                  if (moved)
                    apply({ kind: 'test', testId: a, body: { position: moved.position } }, moved);
                }}
              />
            ))}
          </Stack>
        </SortableList>
      )}
      <AddFromLibraryDialog
        missionId={mission.id}
        opened={dialog?.kind === 'library'}
        onClose={() => setDialog(null)}
      />
      <ImportLayerDialog
        missionId={mission.id}
        opened={dialog?.kind === 'layer'}
        onClose={() => setDialog(null)}
      />
      <AdHocTestDialog
        missionId={mission.id}
        scenarios={scenarios}
        scenarioId={dialog?.kind === 'adhoc' ? dialog.scenarioId : undefined}
        onClose={() => setDialog(null)}
      />
      <RenameScenarioDialog
        missionId={mission.id}
        scenario={dialog?.kind === 'rename' ? dialog.scenario : null}
        onClose={() => setDialog(null)}
      />
      <PlanRemoveDialog
        missionId={mission.id}
        removing={removing}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
  return bulk ? <BulkSelectionProvider key={mission.id}>{tab}</BulkSelectionProvider> : tab;
}
