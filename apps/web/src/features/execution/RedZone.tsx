import { Button, Group, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import type { MissionAsset, MissionTestDetail } from '@metamorph/contract';
import { IconCircleCheck } from '@tabler/icons-react';
import { formatDateTime } from '../../lib/format';
import { AttackClock } from './AttackClock';
import { RED_ZONE_FIELDS } from './draft-model';
import { EvidencePanel } from './EvidencePanel';
import { fromLocalInput, toLocalInput, type Display } from './execution-model';
import { RedContext } from './RedContext';
import { SnapshotPanel } from './SnapshotPanel';
import { useZone } from './use-zone';
import { FieldConflict, SectionLabel, ZoneFrame } from './ZoneFrame';
import { MonoField, ZoneMarkdown } from './ZoneFields';

/** Red — execution: the procedure as planned, what was run, when, where, and its evidence. */
export function RedZone({
  test,
  assets,
  display,
  onMarkExecuted,
  marking,
  pasteHere,
}: {
  test: MissionTestDetail;
  assets: readonly MissionAsset[];
  display: Display;
  onMarkExecuted: (() => void) | null;
  marking: boolean;
  pasteHere: boolean;
}) {
  const can = test.can.red;
  const zone = useZone(test, RED_ZONE_FIELDS, { enabled: can, display });
  const off = !can;
  const field = { zone, disabled: off, display };
  const overridden = zone.value('executed_at_overridden') === true;
  const executedAt = zone.value('executed_at');
  return (
    <ZoneFrame
      side="red"
      title="Red — execution"
      canWrite={can}
      zone={zone}
      actor={test.last_actor_display_name}
    >
      <SnapshotPanel test={test} />
      <MonoField
        {...field}
        field="red_command"
        label="Command run"
        testId="red-command"
        placeholder="The command as actually run (arguments filled in)"
        minRows={2}
      />
      <MonoField
        {...field}
        field="red_output"
        label="Output"
        testId="red-output"
        placeholder="Paste the console output"
        minRows={3}
        maxRows={24}
      />
      <ZoneMarkdown {...field} field="red_comment_md" label="Red comment" testId="red-comment" />
      <AttackClock zone={zone} disabled={off} display={display} />
      <RedContext zone={zone} assets={assets} disabled={off} display={display} />
      <Stack gap={6}>
        <SectionLabel>Execution</SectionLabel>
        <Group gap="sm" align="flex-end" wrap="wrap">
          {onMarkExecuted && (
            <Tooltip
              label={
                zone.dirty ? 'Save your red changes first' : 'pending → executed; stamps the time'
              }
              disabled={false}
            >
              <Button
                color="red"
                size="sm"
                leftSection={<IconCircleCheck size={16} />}
                onClick={onMarkExecuted}
                loading={marking}
                disabled={zone.dirty}
                data-testid="mark-executed"
              >
                Mark executed
              </Button>
            </Tooltip>
          )}
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              Executed at
            </Text>
            <Text size="sm" ff="monospace" data-testid="executed-at">
              {typeof executedAt === 'string' ? formatDateTime(executedAt) : '—'}
            </Text>
          </Stack>
          <Switch
            size="xs"
            label="Override the time"
            checked={overridden}
            onChange={(e) => zone.set('executed_at_overridden', e.currentTarget.checked)}
            disabled={off}
            data-testid="executed-override"
          />
          {overridden && (
            <TextInput
              type="datetime-local"
              step={1}
              size="xs"
              aria-label="Executed at (override)"
              value={toLocalInput(typeof executedAt === 'string' ? executedAt : null)}
              onChange={(e) => zone.set('executed_at', fromLocalInput(e.currentTarget.value))}
              readOnly={off}
              data-testid="executed-at-input"
            />
          )}
        </Group>
        <FieldConflict
          value={zone.conflictOf('executed_at')}
          display={display('executed_at', zone.conflictOf('executed_at') ?? null)}
        />
      </Stack>
      <EvidencePanel
        missionId={test.mission_id}
        testId={test.id}
        side="red"
        evidence={test.evidence}
        canWrite={can}
        sendSide={test.can.red && test.can.blue}
        pasteHere={pasteHere}
      />
    </ZoneFrame>
  );
}
