import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Loader,
  Radio,
  SegmentedControl,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { FromGroupResult, GroupSummary } from '@metamorph/contract';
import {
  IconArrowLeft,
  IconArrowRight,
  IconSearch,
  IconUsersGroup,
  IconWand,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAttackGroups } from '../../../api/attack';
import { useCreateFromGroup, useFromGroupPreview } from '../../../api/library-io';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { techniquePath } from '../../attack/attack-ids';
import { usePageTitle } from '../../shell/usePageTitle';
import { testTemplatePath } from '../LibraryTable';
import {
  effectiveAction,
  initialPlan,
  planChoices,
  planSummary,
  toggleCandidate,
  type GroupPlan,
} from './from-group';
import { scenarioPath } from './scenario-form';

type Technique = FromGroupResult['techniques'][number];

const ACTION_COLORS = { reuse: 'teal', create: 'blue', skip: 'gray' } as const;
const ACTION_LABELS = { reuse: 'Reuse', create: 'New bare template', skip: 'Skip' } as const;

/**
 * `/library/scenarios/from-group`: pick an ATT&CK group, review what the library has for
 * each technique it uses (kill-chain order), then create the scenario.
 */
export function FromGroupWizard() {
  usePageTitle('Scenario from a threat group');
  const [params, setParams] = useSearchParams();
  const groupId = params.get('group');
  const [step, setStep] = useState(groupId ? 1 : 0);
  const preview = useFromGroupPreview(groupId);
  // The plan of the group previewed last; a new group starts from its own proposal.
  const [plan, setPlan] = useState<{ group: string; plan: GroupPlan } | null>(null);
  const data = preview.data;
  const current =
    data && plan?.group === data.group.external_id
      ? plan.plan
      : data && initialPlan(data.techniques);
  const pick = (id: string) => {
    setParams({ group: id }, { replace: true });
    setStep(1);
  };
  const change = (next: GroupPlan) =>
    data && setPlan({ group: data.group.external_id, plan: next });

  const body = (content: (d: FromGroupResult, p: GroupPlan) => ReactNode) =>
    preview.isError ? (
      <Stack mt="md">
        <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
        <Button variant="default" w="fit-content" onClick={() => setStep(0)}>
          Pick another group
        </Button>
      </Stack>
    ) : !data || !current ? (
      <Stack mt="md">
        <LoadingRows rows={6} />
      </Stack>
    ) : (
      content(data, current)
    );

  return (
    <Stack gap="lg" data-testid="from-group-page">
      <Anchor component={Link} to="/library/scenarios" size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Scenarios
        </Group>
      </Anchor>
      <PageHeader
        eyebrow="Library · New scenario"
        title="Scenario from a threat group"
        description="Emulate an ATT&CK group: one step per technique it uses, in kill-chain order, with the test templates the library already has. Techniques without a template get a bare one to complete."
      />
      <Card>
        <Stepper
          active={step}
          onStepClick={(s) => (s === 0 || groupId ? setStep(s) : undefined)}
          size="sm"
          data-testid="from-group-stepper"
        >
          <Stepper.Step label="Group" description={data ? data.group.name : 'Pick one'}>
            <GroupPicker selected={groupId} onPick={pick} />
          </Stepper.Step>
          <Stepper.Step label="Techniques" description="Review the proposal">
            {body((d, p) => (
              <PlanTable
                preview={d}
                plan={p}
                onChange={change}
                onBack={() => setStep(0)}
                onNext={() => setStep(2)}
              />
            ))}
          </Stepper.Step>
          <Stepper.Step label="Create" description="Name the scenario">
            {body((d, p) => (
              <CreateStep
                key={d.group.external_id}
                preview={d}
                plan={p}
                onBack={() => setStep(1)}
              />
            ))}
          </Stepper.Step>
        </Stepper>
      </Card>
    </Stack>
  );
}

function GroupPicker({
  selected,
  onPick,
}: {
  selected: string | null;
  onPick: (id: string) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const groups = useAttackGroups(debounced);
  const items = (groups.data?.items ?? []).filter((g) => !g.revoked);
  return (
    <Stack gap="sm" mt="md">
      <TextInput
        placeholder="Search groups by name or alias (APT28, Fancy Bear…)"
        aria-label="Search threat groups"
        leftSection={<IconSearch size={16} />}
        rightSection={groups.isFetching ? <Loader size="xs" /> : undefined}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-autofocus
        data-testid="from-group-search"
      />
      {groups.isError ? (
        <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.isPending ? (
        <LoadingRows rows={4} />
      ) : items.length === 0 ? (
        <EmptyState icon={IconUsersGroup} title="No group found">
          {debounced.trim()
            ? 'Try another name or alias.'
            : 'Import the ATT&CK catalog first: groups come from it.'}
        </EmptyState>
      ) : (
        <Radio.Group value={selected} onChange={onPick} aria-label="Threat group">
          <Stack gap={6} data-testid="from-group-groups">
            {items.slice(0, 50).map((g) => (
              <GroupOption key={g.external_id} group={g} onPick={onPick} />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}

function GroupOption({ group, onPick }: { group: GroupSummary; onPick: (id: string) => void }) {
  return (
    <UnstyledButton
      onClick={() => onPick(group.external_id)}
      data-testid="from-group-group"
      data-group={group.external_id}
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        padding: '8px 12px',
      }}
    >
      <Group gap="sm" wrap="nowrap">
        <Radio value={group.external_id} aria-label={group.name} tabIndex={-1} readOnly />
        <Code fz="xs">{group.external_id}</Code>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {group.name}
          </Text>
          {group.aliases.length > 0 && (
            <Text size="xs" c="dimmed" truncate="end">
              {group.aliases.filter((a) => a !== group.name).join(', ')}
            </Text>
          )}
        </Stack>
        <Badge variant="default" radius="sm" tt="none" fw={500}>
          {group.technique_count} technique{group.technique_count === 1 ? '' : 's'}
        </Badge>
      </Group>
    </UnstyledButton>
  );
}

interface PlanProps {
  preview: FromGroupResult;
  plan: GroupPlan;
}

function PlanSummaryBadges({ preview, plan }: PlanProps) {
  const summary = planSummary(preview.techniques, plan);
  return (
    <Group gap="xs" data-testid="from-group-summary">
      <Badge color="teal" variant="light" tt="none">
        {summary.reused} template{summary.reused === 1 ? '' : 's'} reused
      </Badge>
      <Badge color="blue" variant="light" tt="none">
        {summary.created} bare template{summary.created === 1 ? '' : 's'} to create
      </Badge>
      <Badge color="gray" variant="light" tt="none">
        {summary.skipped} skipped
      </Badge>
      <Text size="sm" c="dimmed" data-testid="from-group-steps">
        → {summary.steps} step{summary.steps === 1 ? '' : 's'}
      </Text>
    </Group>
  );
}

function PlanTable({
  preview,
  plan,
  onChange,
  onBack,
  onNext,
}: PlanProps & { onChange: (plan: GroupPlan) => void; onBack: () => void; onNext: () => void }) {
  const summary = planSummary(preview.techniques, plan);
  return (
    <Stack gap="md" mt="md" data-testid="from-group-preview" data-group={preview.group.external_id}>
      <Stack gap={2}>
        <Text fw={650}>
          {preview.group.name}{' '}
          <Code fz="xs" ml={4}>
            {preview.group.external_id}
          </Code>
        </Text>
        <Text size="sm" c="dimmed">
          {preview.techniques.length} live technique{preview.techniques.length === 1 ? '' : 's'}, in
          kill-chain order. Check the templates to use; uncheck them all to skip a technique.
        </Text>
      </Stack>
      {preview.techniques.length === 0 ? (
        <EmptyState icon={IconUsersGroup} title="No technique to emulate">
          ATT&CK attributes no live technique to this group.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={8} layout="fixed" data-testid="from-group-techniques">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>#</Table.Th>
                <Table.Th w="30%">Technique</Table.Th>
                <Table.Th>Test templates</Table.Th>
                <Table.Th w={170}>Step</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.techniques.map((t, i) => (
                <TechniqueRow
                  key={t.external_id}
                  index={i}
                  technique={t}
                  plan={plan}
                  onChange={onChange}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between" gap="sm">
        <PlanSummaryBadges preview={preview} plan={plan} />
        <Group gap="sm">
          <Button variant="default" onClick={onBack}>
            Change group
          </Button>
          <Button
            rightSection={<IconArrowRight size={16} />}
            onClick={onNext}
            disabled={summary.steps === 0}
            data-testid="from-group-next"
          >
            Next
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function CreateStep({ preview, plan, onBack }: PlanProps & { onBack: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState(
    `${preview.group.name} (${preview.group.external_id}) emulation`,
  );
  const create = useCreateFromGroup();
  const summary = planSummary(preview.techniques, plan);
  const submit = () =>
    create.mutate(
      {
        groupId: preview.group.external_id,
        name: name.trim() || undefined,
        choices: planChoices(preview.techniques, plan),
      },
      {
        onSuccess: (result) => {
          if (!result.scenario) return;
          notifications.show({
            color: 'teal',
            message: `Created “${result.scenario.name}” with ${result.scenario.tests.length} tests${
              result.created_tests ? ` (${result.created_tests} new bare templates)` : ''
            }`,
          });
          void navigate(scenarioPath(result.scenario.id));
        },
      },
    );
  return (
    <Stack gap="md" mt="md" maw={640} data-testid="from-group-create">
      <TextInput
        label="Scenario name"
        description="Tagged threat-group and with the group id; the steps follow the kill chain."
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-autofocus
        data-testid="from-group-name"
      />
      <PlanSummaryBadges preview={preview} plan={plan} />
      {summary.created > 0 && (
        <Text size="xs" c="dimmed">
          Bare templates only name the technique: write their procedure before a mission runs them.
        </Text>
      )}
      {create.isError && <ErrorAlert error={create.error} title="The scenario was not created" />}
      <Group gap="sm">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
          Back
        </Button>
        <Button
          leftSection={<IconWand size={16} />}
          onClick={submit}
          loading={create.isPending}
          disabled={summary.steps === 0 || !name.trim()}
          data-testid="from-group-submit"
        >
          Create scenario
        </Button>
      </Group>
    </Stack>
  );
}

function TechniqueRow({
  index,
  technique: t,
  plan,
  onChange,
}: {
  index: number;
  technique: Technique;
  plan: GroupPlan;
  onChange: (plan: GroupPlan) => void;
}) {
  const p = plan[t.external_id];
  const action = effectiveAction(p);
  return (
    <Table.Tr
      data-testid="from-group-technique"
      data-technique={t.external_id}
      data-action={action}
      style={{ opacity: action === 'skip' ? 0.6 : undefined }}
    >
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="sm" c="dimmed">
          {index + 1}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Stack gap={2}>
          <Anchor
            component={Link}
            to={techniquePath(t.external_id)}
            ff="monospace"
            size="sm"
            fw={600}
          >
            {t.external_id}
          </Anchor>
          <Text size="sm">{t.name}</Text>
        </Stack>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        {t.candidates.length > 0 ? (
          <Stack gap={6}>
            {t.candidates.map((c) => (
              <Checkbox
                key={c.id}
                size="sm"
                checked={p?.mode === 'reuse' && p.selected.includes(c.id)}
                onChange={() => onChange(toggleCandidate(plan, t.external_id, c.id))}
                label={
                  <Anchor component={Link} to={testTemplatePath(c.id)} target="_blank" size="sm">
                    {c.name}
                  </Anchor>
                }
                data-testid="from-group-candidate"
              />
            ))}
          </Stack>
        ) : (
          <SegmentedControl
            size="xs"
            value={p?.mode === 'skip' ? 'skip' : 'create'}
            onChange={(v) =>
              onChange({
                ...plan,
                [t.external_id]: v === 'skip' ? { mode: 'skip' } : { mode: 'create' },
              })
            }
            data={[
              { value: 'create', label: 'Create bare template' },
              { value: 'skip', label: 'Skip' },
            ]}
            aria-label={`${t.external_id}: create a bare template or skip`}
            data-testid="from-group-bare"
          />
        )}
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Badge
          color={ACTION_COLORS[action]}
          variant="light"
          tt="none"
          data-testid="from-group-action"
        >
          {ACTION_LABELS[action]}
          {action === 'reuse' && p?.mode === 'reuse' && p.selected.length > 1
            ? ` ×${p.selected.length}`
            : ''}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}
