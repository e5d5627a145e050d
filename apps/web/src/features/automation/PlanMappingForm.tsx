import { Select, SimpleGrid, Table, Text } from '@mantine/core';
import {
  PLAN_IMPORT_FIELDS,
  type PlanImportField,
  type PlanImportResult,
} from '@metamorph/contract';

export const PLAN_FIELD_LABELS: Record<PlanImportField, string> = {
  name: 'Test name (required)',
  technique_ids: 'ATT&CK technique ids',
  objective: 'Objective',
  procedure: 'Procedure',
  expected_red: 'Expected red result',
  expected_blue: 'Expected detection',
  platform: 'Platforms',
  assignee_email: 'Assignee (email)',
  planned_day: 'Planned day (YYYY-MM-DD)',
};

export type MappingDraft = Partial<Record<PlanImportField, string>>;

const NONE = '';

/** One column picker per field, from the sheet's headers; then the first rows as read. */
export function PlanMappingForm({
  preview,
  mapping,
  onChange,
}: {
  preview: PlanImportResult;
  mapping: MappingDraft;
  onChange: (next: MappingDraft) => void;
}) {
  const options = [
    { value: NONE, label: '— not in the sheet —' },
    ...preview.headers.map((h) => ({ value: h, label: h })),
  ];
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" data-testid="plan-mapping">
        {PLAN_IMPORT_FIELDS.map((field) => (
          <Select
            key={field}
            label={PLAN_FIELD_LABELS[field]}
            data={field === 'name' ? options.slice(1) : options}
            value={mapping[field] ?? NONE}
            onChange={(v) => onChange({ ...mapping, [field]: v || undefined })}
            allowDeselect={false}
            data-testid={`plan-map-${field}`}
          />
        ))}
      </SimpleGrid>
      <Text size="sm" fw={600}>
        First rows of {preview.row_count} ({preview.format.toUpperCase()})
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table withTableBorder striped data-testid="plan-sample">
          <Table.Thead>
            <Table.Tr>
              {preview.headers.map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.sample_rows.map((row, i) => (
              <Table.Tr key={i}>
                {row.map((cell, j) => (
                  <Table.Td key={j}>
                    <Text size="xs" lineClamp={2}>
                      {cell}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
