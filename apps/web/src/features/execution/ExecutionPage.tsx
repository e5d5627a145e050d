import { Alert, SimpleGrid, Stack } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { MissionAsset, DetectionLevel, TestState } from '@metamorph/contract';
import { useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/auth';
import { describeError } from '../../api/describe-error';
import {
  conflictCurrent,
  useDetectionLevels,
  useMissionTest,
  useRevealTest,
  useTransition,
} from '../../api/execution';
import { useMissionLive } from '../../api/live';
import { useAssets, useMission } from '../../api/missions';
import { usePlan } from '../../api/missions-plan';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { formatDateTime } from '../../lib/format';
import { BlueZone, GAP_REASONS } from './BlueZone';
import {
  neighbours,
  planOrder,
  plainDisplay,
  stateActions,
  testPath,
  type Display,
} from './execution-model';
import { RedZone } from './RedZone';
import { TestHeader } from './TestHeader';

const TIME_FIELDS = new Set(['executed_at', 'attack_started_at', 'attack_ended_at']);

/** Shows ids and times of the conflict dialog as the user knows them (names, local time). */
function makeDisplay(assets: readonly MissionAsset[], levels: readonly DetectionLevel[]): Display {
  return (field, value) => {
    if (typeof value !== 'string') return plainDisplay(field, value);
    if (TIME_FIELDS.has(field)) return formatDateTime(value);
    if (field === 'detection_level_id') return levels.find((l) => l.id === value)?.label ?? value;
    if (field === 'gap_reason') return GAP_REASONS.find((g) => g.value === value)?.label ?? value;
    if (field.endsWith('_asset_id') || field === 'red_tool_id')
      return assets.find((a) => a.id === value)?.name ?? value;
    return value;
  };
}

/** `/missions/:id/tests/:testId`: the per-test page, red and blue zones side by side. */
export function ExecutionPage() {
  const { id = '', testId = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const mission = useMission(id);
  const test = useMissionTest(id, testId);
  const plan = usePlan(id);
  const assets = useAssets(id);
  const levels = useDetectionLevels();
  const live = useMissionLive(id, testId);
  const transition = useTransition(id, testId);
  const reveal = useRevealTest(id, testId);

  const order = useMemo(() => planOrder(plan.data), [plan.data]);
  const position = neighbours(order, testId);
  const go = (to: { id: string } | null) => {
    if (to) void navigate(testPath(id, to.id));
  };
  // Not while typing: Mantine's hotkeys ignore inputs, textareas and selects.
  useHotkeys([
    ['j', () => go(position.next)],
    ['k', () => go(position.prev)],
    ['alt+ArrowRight', () => go(position.next)],
    ['alt+ArrowLeft', () => go(position.prev)],
  ]);

  const display = useMemo(
    () => makeDisplay(assets.data?.items ?? [], levels.data?.items ?? []),
    [assets.data, levels.data],
  );

  if (test.isPending) return <LoadingRows rows={6} />;
  if (test.isError)
    return (
      <ErrorAlert
        error={test.error}
        title="This test cannot be shown"
        onRetry={() => void test.refetch()}
      />
    );
  const t = test.data;
  const held = { red: t.can.red, blue: t.can.blue };
  const actions = stateActions(t.state, held);
  const move = (to: TestState, reason?: string | null) =>
    transition.mutate(
      { state: to, version: t.version, ...(reason === undefined ? {} : { reason }) },
      {
        onError: (e) => {
          const current = conflictCurrent(e);
          notifications.show({
            color: 'orange',
            title: current ? 'The test changed meanwhile' : 'Not moved',
            message: current
              ? `${current.last_actor_display_name ?? 'Someone'} changed it first; it is now ${current.state}. Check and try again.`
              : describeError(e).detail,
          });
          if (current) void test.refetch();
        },
      },
    );
  const canMarkExecuted = actions.some((a) => a.to === 'executed') && t.state === 'pending';
  // Pastes outside both zones: blue takes them when the user holds blue, else red.
  const pasteSide = t.can.blue ? 'blue' : 'red';

  return (
    <Stack
      gap="md"
      data-testid="execution-page"
      data-test-id={t.id}
      data-state={t.state}
      data-version={t.version}
    >
      <TestHeader
        test={t}
        missionName={mission.data?.name}
        position={position}
        actions={actions.filter((a) => !(a.to === 'executed' && t.state === 'pending'))}
        moving={transition.isPending}
        onMove={move}
        onReveal={t.hidden_from_blue && (t.can.red || t.can.manage) ? () => reveal.mutate() : null}
        live={live}
        selfId={me.data?.id}
      />
      {assets.isError && (
        <Alert color="gray" variant="light" p="xs">
          The mission's assets could not be loaded; the context selects are empty.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <RedZone
          key={`red-${t.id}`}
          test={t}
          assets={assets.data?.items ?? []}
          display={display}
          onMarkExecuted={canMarkExecuted ? () => move('executed') : null}
          marking={transition.isPending}
          pasteHere={pasteSide === 'red'}
        />
        <BlueZone
          key={`blue-${t.id}`}
          test={t}
          levels={levels.data?.items ?? []}
          display={display}
          pasteHere={pasteSide === 'blue'}
        />
      </SimpleGrid>
    </Stack>
  );
}
