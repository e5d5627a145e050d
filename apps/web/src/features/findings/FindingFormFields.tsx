import {
  Grid,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { FindingSeverity, FindingStatus, GapReason } from '@metamorph/contract';
import { useMembers } from '../../api/missions';
import { usePlan } from '../../api/missions-plan';
import { GAP_REASONS } from '../execution/BlueZone';
import { MarkdownField } from '../library/MarkdownField';
import {
  FINDING_STATUS_META,
  SEVERITIES,
  SEVERITY_META,
  needsReason,
  statusOptions,
  type FindingForm,
} from './finding-model';

const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

/**
 * The finding's fields: what the gap is, the fix, the tests behind it, detection-engineering
 * references, who fixes it by when, and (editing) its status with the moves allowed from it.
 */
export function FindingFormFields({
  missionId,
  form,
  onChange,
  errors,
  currentStatus,
}: {
  missionId: string;
  form: FindingForm;
  onChange: (patch: Partial<FindingForm>) => void;
  errors: Record<string, string>;
  /** The saved status (editing); null for a new finding. */
  currentStatus: FindingStatus | null;
}) {
  const plan = usePlan(missionId);
  const members = useMembers(missionId);
  const tests = (plan.data?.scenarios ?? []).flatMap((s) =>
    s.tests.map((t) => ({
      value: t.id,
      label: `${t.snapshot_name}${t.mitre_tags[0] ? ` (${t.mitre_tags[0].external_id})` : ''}`,
    })),
  );
  const title = (
    <TextInput
      label="Title"
      required
      value={form.title}
      onChange={(e) => onChange({ title: e.currentTarget.value })}
      error={errors.title}
      data-testid="finding-title"
    />
  );
  const text = (
    <>
      <MarkdownField
        label="Description"
        value={form.description_md}
        onChange={(v) => onChange({ description_md: v })}
        minRows={4}
        testId="finding-description"
      />
      <MarkdownField
        label="Recommendation"
        value={form.recommendation_md}
        onChange={(v) => onChange({ recommendation_md: v })}
        minRows={4}
        testId="finding-recommendation"
      />
    </>
  );
  const detection = (
    <>
      <Text size="sm" fw={600} mt="xs">
        Detection engineering
      </Text>
      <Textarea
        label="Sigma rule"
        description="The rule to deploy (YAML) or its id"
        autosize
        minRows={2}
        maxRows={14}
        styles={mono}
        value={form.sigma_rule}
        onChange={(e) => onChange({ sigma_rule: e.currentTarget.value })}
        data-testid="finding-sigma"
      />
      <Textarea
        label="SIEM query"
        autosize
        minRows={2}
        maxRows={10}
        styles={mono}
        value={form.siem_query}
        onChange={(e) => onChange({ siem_query: e.currentTarget.value })}
        data-testid="finding-siem"
      />
    </>
  );
  const tracking = (
    <>
      <Select
        label="Severity"
        data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_META[s].label }))}
        value={form.severity}
        onChange={(v) => v && onChange({ severity: v as FindingSeverity })}
        allowDeselect={false}
        data-testid="finding-severity-select"
      />
      {currentStatus ? (
        <Select
          label="Status"
          description="The moves the workflow allows from the saved status"
          data={statusOptions(currentStatus).map((s) => ({
            value: s,
            label: FINDING_STATUS_META[s].label,
          }))}
          value={form.status}
          onChange={(v) => v && onChange({ status: v as FindingStatus })}
          allowDeselect={false}
          disabled={statusOptions(currentStatus).length === 1}
          data-testid="finding-status-select"
        />
      ) : (
        <TextInput label="Status" value="Open" readOnly disabled />
      )}
      {needsReason(form.status) && (
        <Textarea
          label="Why the risk is accepted"
          required
          autosize
          minRows={2}
          value={form.status_reason}
          onChange={(e) => onChange({ status_reason: e.currentTarget.value })}
          error={errors.status_reason}
          data-testid="finding-status-reason"
        />
      )}
      <Stack gap={6}>
        <Text size="sm" fw={600} id="finding-owner-label">
          Owner
        </Text>
        <SegmentedControl
          size="xs"
          aria-labelledby="finding-owner-label"
          value={form.owner_kind}
          onChange={(v) => onChange({ owner_kind: v as FindingForm['owner_kind'] })}
          data={[
            { value: 'none', label: 'Nobody yet' },
            { value: 'member', label: 'A member' },
            { value: 'name', label: 'Client staff' },
          ]}
          data-testid="finding-owner-kind"
        />
        {form.owner_kind === 'member' && (
          <Select
            aria-label="Owner (member)"
            data={(members.data?.items ?? []).map((m) => ({
              value: m.user_id,
              label: m.display_name,
            }))}
            value={form.owner_user_id}
            onChange={(v) => onChange({ owner_user_id: v })}
            searchable
            placeholder="Pick a member"
            error={errors.owner}
            data-testid="finding-owner-member"
          />
        )}
        {form.owner_kind === 'name' && (
          <TextInput
            aria-label="Owner (name)"
            placeholder="e.g. Jane Doe, SOC team"
            value={form.owner_name}
            onChange={(e) => onChange({ owner_name: e.currentTarget.value })}
            data-testid="finding-owner-name"
          />
        )}
      </Stack>
      <TextInput
        label="Due"
        type="date"
        value={form.due_on}
        onChange={(e) => onChange({ due_on: e.currentTarget.value })}
        data-testid="finding-due"
      />
      <MultiSelect
        label="Tests behind the finding"
        description="Tests of this mission; a retest re-runs them"
        data={tests}
        value={form.test_ids}
        onChange={(v) => onChange({ test_ids: v })}
        searchable
        placeholder={form.test_ids.length ? undefined : 'Pick tests'}
        nothingFoundMessage="No test of this mission matches"
        error={errors.test_ids}
        data-testid="finding-tests"
      />
      <Select
        label="Gap reason"
        data={GAP_REASONS}
        value={form.gap_reason}
        onChange={(v) => onChange({ gap_reason: (v as GapReason | null) ?? null })}
        clearable
        placeholder="Not set"
        data-testid="finding-gap-reason"
      />
      <TextInput
        label="Ticket"
        placeholder="https://tracker.example.com/SEC-123"
        value={form.ticket_url}
        onChange={(e) => onChange({ ticket_url: e.currentTarget.value })}
        error={errors.ticket_url}
        data-testid="finding-ticket"
      />
    </>
  );
  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          {title}
          {text}
          {detection}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">{tracking}</Stack>
      </Grid.Col>
    </Grid>
  );
}
