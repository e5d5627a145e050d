import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { Mission, MissionMember, MissionTestSummary } from '@metamorph/contract';
import { IconCheck, IconStack2 } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useDetectionLevels } from '../../api/execution';
import { useBulkAction } from '../../api/workspace';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useBulkSelection } from './BulkSelection';
import {
  EMPTY_FORM,
  bulkActionsFor,
  bulkBody,
  namedTests,
  resultSummary,
  type BulkForm,
} from './bulk-model';

interface BulkActionBarProps {
  mission: Mission;
  /** The tests the plan shows (filters applied): "select all" selects these. */
  shown: readonly MissionTestSummary[];
  /** Every test of the plan by id, to name the tests an error is about. */
  names: ReadonlyMap<string, string>;
  members: readonly MissionMember[];
}

/** The plan's bulk actions: pick tests with the row checkboxes, one action, apply to all. */
export function BulkActionBar({ mission, shown, names, members }: BulkActionBarProps) {
  const selection = useBulkSelection();
  const bulk = useBulkAction(mission.id);
  const levels = useDetectionLevels();
  const [form, setForm] = useState<BulkForm>(EMPTY_FORM);
  const [done, setDone] = useState<string | null>(null);
  const actions = useMemo(() => bulkActionsFor(mission), [mission]);
  if (!selection || actions.length === 0) return null;
  const ids = [...selection.selected].filter((id) => names.has(id));
  const meta = actions.find((a) => a.value === form.action) ?? null;
  const body = bulkBody(form, ids);
  const allShown = shown.length > 0 && shown.every((t) => selection.selected.has(t.id));
  const update = (patch: Partial<BulkForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDone(null);
  };
  const apply = () => {
    if (!body) return;
    setDone(null);
    bulk.mutate(body, {
      onSuccess: (res) => {
        setDone(resultSummary(res.updated.length, res.unchanged.length));
        selection.clear();
        setForm(EMPTY_FORM);
      },
    });
  };
  const offending = namedTests(bulk.error, names);

  return (
    <Card withBorder padding="sm" data-testid="bulk-bar" aria-label="Bulk actions">
      <Stack gap="sm">
        <Group gap="md" wrap="wrap" align="flex-end">
          <Group gap="xs" wrap="nowrap" style={{ alignSelf: 'center' }}>
            <IconStack2 size={18} color="var(--mantine-color-purple-6)" aria-hidden />
            <Checkbox
              label={
                ids.length === 0
                  ? 'Select all shown'
                  : `${ids.length} selected${allShown ? '' : ' — select all shown'}`
              }
              checked={allShown}
              indeterminate={ids.length > 0 && !allShown}
              onChange={() =>
                allShown ? selection.clear() : selection.set(shown.map((t) => t.id))
              }
              disabled={shown.length === 0}
              data-testid="bulk-select-all"
            />
          </Group>
          <Select
            label="Action"
            placeholder="Choose an action"
            data={actions.map((a) => ({ value: a.value, label: a.label }))}
            value={form.action}
            onChange={(v) => update({ action: v as BulkForm['action'] })}
            w={280}
            allowDeselect={false}
            data-testid="bulk-action"
          />
          {meta?.field === 'assignee' && (
            <Select
              label="Assignee"
              placeholder="Unassigned"
              data={members.map((m) => ({ value: m.user_id, label: m.display_name }))}
              value={form.assignee}
              onChange={(v) => update({ assignee: v })}
              clearable
              searchable
              w={240}
              data-testid="bulk-assignee"
            />
          )}
          {meta?.field === 'day' && (
            <TextInput
              type="date"
              label="Planned day"
              description="Empty clears it"
              value={form.day}
              onChange={(e) => update({ day: e.currentTarget.value })}
              data-testid="bulk-day"
            />
          )}
          {meta?.field === 'level' && (
            <Select
              label="Detection level"
              data={(levels.data?.items ?? []).map((l) => ({ value: l.id, label: l.label }))}
              value={form.level}
              onChange={(v) => update({ level: v })}
              w={220}
              data-testid="bulk-level"
            />
          )}
          <Button
            onClick={apply}
            disabled={!body}
            loading={bulk.isPending}
            data-testid="bulk-apply"
          >
            {ids.length > 0 ? `Apply to ${ids.length} test${ids.length === 1 ? '' : 's'}` : 'Apply'}
          </Button>
        </Group>
        {meta?.field === 'reason' && (
          <Textarea
            label="Reason"
            description="Kept on every selected test"
            required
            autosize
            minRows={2}
            maxLength={10_000}
            value={form.reason}
            onChange={(e) => update({ reason: e.currentTarget.value })}
            data-testid="bulk-reason"
          />
        )}
        {done && (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCheck size={18} />}
            data-testid="bulk-done"
          >
            {done}
          </Alert>
        )}
        {bulk.isError && (
          <Stack gap={4} data-testid="bulk-error">
            <ErrorAlert error={bulk.error} title="Nothing was changed" />
            {offending.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  Tests this is about:
                </Text>
                <List size="sm" data-testid="bulk-error-tests">
                  {offending.map((n, i) => (
                    <List.Item key={`${i}:${n}`}>{n}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
