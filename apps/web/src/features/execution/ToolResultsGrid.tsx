import {
  ActionIcon,
  Badge,
  Group,
  SegmentedControl,
  SimpleGrid,
  Table,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import type { ToolResult } from '@metamorph/contract';
import { IconAlertTriangle, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { LAYER_LABELS } from '../library/labels';
import { fromLocalInput, toLocalInput } from './execution-model';
import { describeRow } from './tool-changes';
import { FACTS, type Fact, type FactField, type ToolRow, type ToolTextField } from './tool-draft';
import type { Zone } from './use-zone';
import type { BlueZoneField } from './draft-model';

const FACT_LABELS: Record<FactField, string> = {
  prevented: 'Prevented',
  alerted: 'Alerted',
  logged: 'Logged',
};
const FACT_DATA = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'tbd', label: 'TBD' },
];
const FACT_COLOURS: Record<Fact, string> = { yes: 'teal', no: 'gray', tbd: 'yellow' };
const isFact = (v: string): v is Fact => v === 'yes' || v === 'no' || v === 'tbd';

/** "Rule name (id) · high · case 42", or null when no detail is recorded. */
function detailSummary(row: ToolRow): string | null {
  const rule = [row.rule_name, row.rule_id && `(${row.rule_id})`].filter(Boolean).join(' ');
  const parts = [rule, row.severity, row.case_id && `case ${row.case_id}`].filter(Boolean);
  return parts.length ? parts.join(' · ') : row.note ? 'note' : null;
}

/**
 * The per-defence-tool results of the blue zone: one row per defence tool of the mission with
 * the three facts, the rule/case details in an expandable row. Edits go to the zone's draft.
 */
export function ToolResultsGrid({
  tools,
  zone,
  disabled,
}: {
  tools: readonly ToolResult[];
  zone: Zone<BlueZoneField>;
  disabled: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table
      verticalSpacing={6}
      horizontalSpacing="xs"
      withTableBorder
      data-testid="tool-results"
      style={{ fontSize: 'var(--mantine-font-size-sm)' }}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Defence tool</Table.Th>
          {FACTS.map((f) => (
            <Table.Th key={f}>{FACT_LABELS[f]}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tools.map((t) => {
          const row = zone.tool(t.defence_tool_id);
          const theirs = zone.toolConflict(t.defence_tool_id);
          const expanded = open === t.defence_tool_id;
          const summary = detailSummary(row);
          return (
            <Fragment key={t.defence_tool_id}>
              <Table.Tr data-testid="tool-row" data-tool={t.tool_name}>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" align="flex-start">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      aria-label={`${expanded ? 'Hide' : 'Show'} details of ${t.tool_name}`}
                      aria-expanded={expanded}
                      onClick={() => setOpen(expanded ? null : t.defence_tool_id)}
                      data-testid="tool-details-toggle"
                    >
                      {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </ActionIcon>
                    <div>
                      <Group gap={6} wrap="wrap">
                        <Text size="sm" fw={600} lh={1.3} maw={130} lineClamp={2}>
                          {t.tool_name}
                        </Text>
                        {t.layer && (
                          <Badge size="xs" variant="light" color="indigo" tt="none">
                            {LAYER_LABELS[t.layer]}
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={1} maw={130}>
                        {summary ?? 'no rule / case'}
                      </Text>
                    </div>
                    {theirs && (
                      <Tooltip
                        label={`Changed on the server meanwhile: ${describeRow(theirs)} — yours is kept until you save or discard.`}
                        multiline
                        w={320}
                      >
                        <IconAlertTriangle
                          size={14}
                          color="var(--mantine-color-orange-6)"
                          data-testid="tool-conflict"
                        />
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
                {FACTS.map((f) => (
                  <Table.Td key={f}>
                    <SegmentedControl
                      size="xs"
                      data={FACT_DATA}
                      value={row[f]}
                      color={FACT_COLOURS[row[f]]}
                      readOnly={disabled}
                      onChange={(v) => {
                        if (isFact(v)) zone.setTool(t.defence_tool_id, f, v);
                      }}
                      styles={{ label: { paddingInline: 4, fontSize: 11 } }}
                      aria-label={`${t.tool_name} ${FACT_LABELS[f].toLowerCase()}`}
                      data-testid={`tool-${f}`}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
              {expanded && (
                <Table.Tr data-testid="tool-details">
                  <Table.Td colSpan={4} bg="var(--mantine-color-default-hover)">
                    <ToolDetails
                      row={row}
                      disabled={disabled}
                      onChange={(f, v) => zone.setTool(t.defence_tool_id, f, v)}
                    />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function ToolDetails({
  row,
  disabled,
  onChange,
}: {
  row: ToolRow;
  disabled: boolean;
  onChange: (f: ToolTextField, v: string | null) => void;
}) {
  const text = (f: ToolTextField, label: string, placeholder?: string) => (
    <TextInput
      size="xs"
      label={label}
      value={row[f] ?? ''}
      placeholder={placeholder}
      readOnly={disabled}
      onChange={(e) => onChange(f, e.currentTarget.value)}
      data-testid={`tool-${f}`}
    />
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" verticalSpacing={6}>
      {text('rule_name', 'Alert / rule name', 'e.g. LSASS access by rundll32')}
      {text('rule_id', 'Rule id')}
      {text('severity', 'Severity', 'e.g. high')}
      {text('case_id', 'Case / ticket id')}
      <TextInput
        size="xs"
        type="datetime-local"
        step={1}
        label="Detected at"
        value={toLocalInput(row.detected_at)}
        readOnly={disabled}
        onChange={(e) => onChange('detected_at', fromLocalInput(e.currentTarget.value))}
        data-testid="tool-detected_at"
      />
      <Textarea
        size="xs"
        label="Note"
        autosize
        minRows={1}
        maxRows={6}
        value={row.note ?? ''}
        readOnly={disabled}
        onChange={(e) => onChange('note', e.currentTarget.value)}
        data-testid="tool-note"
      />
    </SimpleGrid>
  );
}
