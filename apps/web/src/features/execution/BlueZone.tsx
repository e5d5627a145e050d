import { Badge, Box, ColorSwatch, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { DetectionLevel, MissionTestDetail } from '@metamorph/contract';
import { LibraryMarkdown } from '../library/LibraryBits';
import { BLUE_ZONE_FIELDS } from './draft-model';
import { EvidencePanel } from './EvidencePanel';
import type { Display } from './execution-model';
import { ExpectationPanel, NoToolsNote, OverrideReason, SuggestionBar } from './OutcomePanel';
import { liveSuggestion, overrideBlock } from './outcome-model';
import { ToolResultsGrid } from './ToolResultsGrid';
import { useZone } from './use-zone';
import { FieldConflict, SectionLabel, ZoneFrame } from './ZoneFrame';
import { MonoField, ZoneMarkdown } from './ZoneFields';

export const GAP_REASONS = [
  { value: 'no_telemetry', label: 'No telemetry' },
  { value: 'no_rule', label: 'No rule' },
  { value: 'rule_not_fired', label: 'Rule did not fire' },
  { value: 'triaged_benign', label: 'Triaged as benign' },
  { value: 'other', label: 'Other' },
];

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Blue — detection: what the defences saw, how to find it again, why not, and evidence. */
export function BlueZone({
  test,
  levels,
  display,
  pasteHere,
}: {
  test: MissionTestDetail;
  levels: readonly DetectionLevel[];
  display: Display;
  pasteHere: boolean;
}) {
  const can = test.can.blue;
  const toolIds = test.tool_results.map((t) => t.defence_tool_id);
  const zone = useZone(test, BLUE_ZONE_FIELDS, {
    enabled: can,
    display,
    validate: (v) =>
      overrideBlock(
        liveSuggestion(v.toolRows(toolIds), levels),
        str(v.value('detection_level_id')),
        str(v.value('outcome_override_reason')),
      ),
  });
  const rows = zone.toolRows(toolIds);
  const suggestion = liveSuggestion(rows, levels);
  const field = { zone, disabled: !can, display };
  const levelId = zone.value('detection_level_id');
  const level = levels.find((l) => l.id === levelId);
  const sorted = [...levels].sort((a, b) => a.rank - b.rank);
  const gap = zone.value('gap_reason');
  return (
    <ZoneFrame
      side="blue"
      title="Blue — detection"
      canWrite={can}
      zone={zone}
      actor={test.last_actor_display_name}
    >
      {test.snapshot_expected_blue_md && (
        <Box
          p="sm"
          style={{
            background: 'light-dark(var(--mantine-color-cyan-0), rgba(21, 170, 191, 0.1))',
            borderRadius: 'var(--mantine-radius-sm)',
          }}
        >
          <SectionLabel>Expected detection</SectionLabel>
          <LibraryMarkdown markdown={test.snapshot_expected_blue_md} />
        </Box>
      )}
      <Stack gap={6}>
        <SectionLabel>Defence tools</SectionLabel>
        {test.tool_results.length > 0 ? (
          <Box style={{ overflowX: 'auto' }}>
            <ToolResultsGrid tools={test.tool_results} zone={zone} disabled={!can} />
          </Box>
        ) : (
          <NoToolsNote />
        )}
      </Stack>
      <SuggestionBar suggestion={suggestion} levels={levels} zone={zone} disabled={!can} />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <div>
          <Select
            size="sm"
            label="Detection level"
            placeholder="Not assessed"
            data={sorted.map((l) => ({ value: l.id, label: l.label }))}
            value={typeof levelId === 'string' ? levelId : null}
            onChange={(v) => zone.set('detection_level_id', v)}
            clearable={can}
            readOnly={!can}
            leftSection={level ? <ColorSwatch color={level.colour} size={12} /> : undefined}
            renderOption={({ option }) => {
              const l = levels.find((x) => x.id === option.value);
              return (
                <Group gap={8} wrap="nowrap">
                  <ColorSwatch color={l?.colour ?? 'gray'} size={12} />
                  <Text size="sm">{option.label}</Text>
                  {l && (
                    <Text size="xs" c="dimmed">
                      {l.counts_as}
                    </Text>
                  )}
                </Group>
              );
            }}
            styles={level ? { input: { borderColor: level.colour, fontWeight: 600 } } : undefined}
            data-testid="blue-detection-level"
          />
          <FieldConflict
            value={zone.conflictOf('detection_level_id')}
            display={display('detection_level_id', zone.conflictOf('detection_level_id') ?? null)}
          />
        </div>
        <div>
          <Select
            size="sm"
            label="Gap reason"
            placeholder={level && level.counts_as !== 'none' ? 'No gap' : 'Why was it missed?'}
            data={GAP_REASONS}
            value={typeof gap === 'string' ? gap : null}
            onChange={(v) => zone.set('gap_reason', v)}
            clearable={can}
            readOnly={!can}
            data-testid="blue-gap-reason"
          />
          <FieldConflict
            value={zone.conflictOf('gap_reason')}
            display={display('gap_reason', zone.conflictOf('gap_reason') ?? null)}
          />
        </div>
      </SimpleGrid>
      {level?.description && (
        <Group gap={6} mt={-8}>
          <Badge size="xs" variant="light" color="gray" tt="none">
            {level.counts_as}
          </Badge>
          <Text size="xs" c="dimmed">
            {level.description}
          </Text>
        </Group>
      )}
      <OverrideReason suggestion={suggestion} levels={levels} zone={zone} disabled={!can} />
      <ExpectationPanel test={test} rows={rows} />
      <ZoneMarkdown {...field} field="blue_comment_md" label="Blue comment" testId="blue-comment" />
      <MonoField
        {...field}
        field="hunt_query"
        label="Hunt query"
        testId="blue-hunt-query"
        placeholder="The SIEM / EDR query that finds it"
        minRows={2}
      />
      <MonoField
        {...field}
        field="log_sources"
        label="Log sources / event ids"
        testId="blue-log-sources"
        placeholder="e.g. Sysmon 1, Security 4688"
        minRows={1}
      />
      <Stack gap={0}>
        <EvidencePanel
          missionId={test.mission_id}
          testId={test.id}
          side="blue"
          evidence={test.evidence}
          canWrite={can}
          sendSide={test.can.red && test.can.blue}
          pasteHere={pasteHere}
        />
      </Stack>
    </ZoneFrame>
  );
}
