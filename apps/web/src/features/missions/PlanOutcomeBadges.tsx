import { Badge, ColorSwatch, Group, Tooltip } from '@mantine/core';
import type { MissionTestSummary } from '@metamorph/contract';
import { useDetectionLevels } from '../../api/execution';

const EXPECTATION: Record<
  NonNullable<MissionTestSummary['expectation_status']>,
  { label: string; color: string; help: string }
> = {
  met: { label: 'met', color: 'teal', help: 'Every defence layer did at least what was expected' },
  not_met: { label: 'not met', color: 'red', help: 'A defence layer did less than expected' },
  pending: { label: 'pending', color: 'yellow', help: 'Some defence tool results are still TBD' },
  no_tool: { label: 'no tool', color: 'gray', help: 'No defence tool of the expected layers' },
};

/** Blue's outcome (coloured by its level) and expected vs actual, for a plan row. */
export function PlanOutcomeBadges({ test }: { test: MissionTestSummary }) {
  const levels = useDetectionLevels();
  const level = levels.data?.items.find((l) => l.id === test.detection_level_id);
  const expectation = test.expectation_status ? EXPECTATION[test.expectation_status] : null;
  if (!level && !expectation) return null;
  return (
    <Group gap={4} wrap="nowrap" style={{ flex: 'none' }} data-testid="plan-outcome">
      {level && (
        <Tooltip label={`Outcome: ${level.label}`}>
          <Badge
            variant="outline"
            color="gray"
            radius="sm"
            tt="none"
            leftSection={<ColorSwatch color={level.colour} size={8} />}
          >
            {level.label}
          </Badge>
        </Tooltip>
      )}
      {expectation && (
        <Tooltip label={`Expected vs actual: ${expectation.help}`}>
          <Badge variant="light" color={expectation.color} radius="sm" tt="none">
            {expectation.label}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
