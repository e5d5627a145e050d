import {
  Alert,
  Badge,
  Button,
  ColorSwatch,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import type { DetectionLevel, MissionTestDetail } from '@metamorph/contract';
import { IconBulb, IconCheck, IconClock } from '@tabler/icons-react';
import { EXPECTATION_LABELS, LAYER_LABELS } from '../library/labels';
import type { BlueZoneField } from './draft-model';
import {
  STATUS_COLOURS,
  STATUS_LABELS,
  formatSeconds,
  isOverride,
  liveExpectations,
  suggestionText,
  type LiveSuggestion,
} from './outcome-model';
import type { ToolRow } from './tool-draft';
import type { Zone } from './use-zone';
import { SectionLabel } from './ZoneFrame';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The suggested outcome (live from the grid), "Accept suggestion", and the override reason. */
export function SuggestionBar({
  suggestion,
  levels,
  zone,
  disabled,
}: {
  suggestion: LiveSuggestion;
  levels: readonly DetectionLevel[];
  zone: Zone<BlueZoneField>;
  disabled: boolean;
}) {
  const chosen = str(zone.value('detection_level_id'));
  const suggested = levels.find((l) => l.id === suggestion.level?.id);
  const overridden = isOverride(suggestion, chosen);
  const accepted = suggested !== undefined && chosen === suggested.id;
  return (
    <Stack gap={6}>
      <Paper withBorder p="xs" radius="sm" data-testid="outcome-suggestion">
        <Group justify="space-between" gap="xs">
          <Group gap={8} wrap="nowrap">
            <IconBulb size={16} color="var(--mantine-color-yellow-6)" />
            <Text size="sm" c="dimmed">
              Suggested outcome
            </Text>
            {suggested && <ColorSwatch color={suggested.colour} size={12} />}
            <Text
              size="sm"
              fw={600}
              c={suggestion.status === 'suggested' ? undefined : 'dimmed'}
              data-testid="outcome-suggestion-text"
              data-status={suggestion.status}
            >
              {suggestionText(suggestion, levels)}
            </Text>
          </Group>
          <Group gap={6}>
            {accepted && (
              <Badge color="teal" variant="light" tt="none" leftSection={<IconCheck size={11} />}>
                accepted
              </Badge>
            )}
            {overridden && (
              <Badge color="orange" variant="filled" tt="none" data-testid="outcome-overridden">
                overridden
              </Badge>
            )}
            {!disabled && suggested && !accepted && (
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => {
                  zone.set('detection_level_id', suggested.id);
                  zone.set('outcome_override_reason', null);
                }}
                data-testid="outcome-accept"
              >
                Accept suggestion
              </Button>
            )}
          </Group>
        </Group>
      </Paper>
    </Stack>
  );
}

/** The reason blue gives for a level that differs from the suggestion (required then). */
export function OverrideReason({
  suggestion,
  levels,
  zone,
  disabled,
}: {
  suggestion: LiveSuggestion;
  levels: readonly DetectionLevel[];
  zone: Zone<BlueZoneField>;
  disabled: boolean;
}) {
  const suggested = levels.find((l) => l.id === suggestion.level?.id);
  const overridden = isOverride(suggestion, str(zone.value('detection_level_id')));
  return (
    <>
      {(overridden || str(zone.value('outcome_override_reason'))) && (
        <Textarea
          size="xs"
          label="Override reason"
          description={
            suggested
              ? `Why the outcome differs from the suggested "${suggested.label}".`
              : undefined
          }
          required={overridden}
          autosize
          minRows={1}
          maxRows={6}
          value={zone.text('outcome_override_reason')}
          readOnly={disabled}
          error={overridden && !zone.text('outcome_override_reason').trim() ? 'Required' : null}
          onChange={(e) => zone.set('outcome_override_reason', e.currentTarget.value)}
          data-testid="outcome-override-reason"
        />
      )}
    </>
  );
}

/** Expected vs actual per defence layer, and the detection times the server computed. */
export function ExpectationPanel({
  test,
  rows,
}: {
  test: MissionTestDetail;
  rows: readonly ToolRow[];
}) {
  const tools = test.tool_results.map((t) => ({ id: t.defence_tool_id, layer: t.layer }));
  const { layers, overall } = liveExpectations(test.expected_outcomes, tools, rows);
  const times = [
    { label: 'Time to detect', value: test.time_to_detect_s },
    { label: 'Time to alert', value: test.time_to_alert_s },
  ].filter((t) => t.value !== null);
  if (layers.length === 0 && times.length === 0) return null;
  return (
    <Stack gap={6} data-testid="expected-vs-actual">
      {layers.length > 0 && (
        <Group gap={8}>
          <SectionLabel>Expected vs actual</SectionLabel>
          {overall && (
            <Badge
              size="sm"
              color={STATUS_COLOURS[overall]}
              tt="none"
              data-testid="expectation-overall"
            >
              {STATUS_LABELS[overall]}
            </Badge>
          )}
        </Group>
      )}
      <Group gap={6}>
        {layers.map((l) => (
          <Tooltip
            key={l.layer}
            label={`Expected: ${EXPECTATION_LABELS[l.expectation].toLowerCase()}; actual: ${l.actual ?? 'TBD'}`}
          >
            <Badge
              variant="light"
              color={STATUS_COLOURS[l.status]}
              tt="none"
              data-testid="expectation-layer"
              data-status={l.status}
            >
              {LAYER_LABELS[l.layer]}: {EXPECTATION_LABELS[l.expectation].toLowerCase()} →{' '}
              {l.actual ?? '…'} · {STATUS_LABELS[l.status]}
            </Badge>
          </Tooltip>
        ))}
        {times.map((t) => (
          <Badge
            key={t.label}
            variant="outline"
            color="gray"
            tt="none"
            leftSection={<IconClock size={11} />}
          >
            {t.label}: {formatSeconds(t.value ?? 0)}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}

/** When the mission has no defence tools yet. */
export function NoToolsNote() {
  return (
    <Alert variant="light" color="gray" p="xs" data-testid="no-defence-tools">
      <Text size="sm">
        No defence tools in this mission — add them on the Assets tab to record per-tool results.
      </Text>
    </Alert>
  );
}
