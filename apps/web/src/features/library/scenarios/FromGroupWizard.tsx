import { Anchor, Button, Card, Group, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FromGroupResult } from '@metamorph/contract';
import { IconArrowLeft, IconWand } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCreateFromGroup, useFromGroupPreview } from '../../../api/library-io';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { usePageTitle } from '../../shell/usePageTitle';
import { initialPlan, planChoices, planSummary, type GroupPlan } from './from-group';
import { scenarioPath } from './scenario-form';
import { GroupPicker } from './FromGroupPicker';
import { PlanSummaryBadges, PlanTable, type PlanProps } from './FromGroupPlan';

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
