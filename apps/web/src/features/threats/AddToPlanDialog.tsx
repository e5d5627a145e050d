import { Alert, Button, Group, Modal, Radio, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { NextTestsPlanResult } from '@metamorph/contract';
import { useMemo, useState } from 'react';
import { describeError } from '../../api/describe-error';
import { useMissions } from '../../api/missions';
import { usePlanNextTests } from '../../api/threats';
import { plural } from './threat-bits';

/** The chosen templates become one scenario of a planned or active mission, or of a new one. */
export function AddToPlanDialog({
  clientId,
  profileId,
  templateIds,
  opened,
  onClose,
  onDone,
}: {
  clientId: string;
  profileId: string;
  templateIds: string[];
  opened: boolean;
  onClose: () => void;
  onDone: (result: NextTestsPlanResult) => void;
}) {
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [missionId, setMissionId] = useState<string | null>(null);
  const [missionName, setMissionName] = useState('');
  const [scenarioName, setScenarioName] = useState('Threat profile next tests');
  const missions = useMissions({ client_id: clientId });
  const options = useMemo(
    () =>
      (missions.data?.pages ?? [])
        .flatMap((p) => p.items)
        .filter((m) => m.status === 'planned' || m.status === 'active')
        .map((m) => ({ value: m.id, label: `${m.name} (${m.status})` })),
    [missions.data],
  );
  const plan = usePlanNextTests(clientId, profileId);
  const error = plan.error ? describeError(plan.error) : null;
  const close = () => {
    plan.reset();
    onClose();
  };
  const ready = mode === 'existing' ? missionId !== null : missionName.trim() !== '';
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={`Add ${plural(templateIds.length, 'template')} to a plan`}
    >
      <Stack gap="md">
        <Radio.Group
          value={mode}
          onChange={(v) => setMode(v === 'new' ? 'new' : 'existing')}
          label="Into"
        >
          <Group mt={6}>
            <Radio value="existing" label="A planned or active mission" />
            <Radio value="new" label="A new mission" data-testid="plan-new-mission" />
          </Group>
        </Radio.Group>
        {mode === 'existing' ? (
          <Select
            label="Mission"
            placeholder={options.length ? 'Pick a mission' : 'No planned or active mission'}
            data={options}
            value={missionId}
            onChange={setMissionId}
            searchable
            data-testid="plan-mission"
          />
        ) : (
          <TextInput
            label="New mission name"
            value={missionName}
            onChange={(e) => setMissionName(e.currentTarget.value)}
            data-testid="plan-mission-name"
          />
        )}
        <TextInput
          label="Scenario name"
          value={scenarioName}
          onChange={(e) => setScenarioName(e.currentTarget.value)}
        />
        {error && (
          <Alert color="red" title={error.title}>
            {error.fields.length
              ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ')
              : error.detail}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={!ready}
            loading={plan.isPending}
            data-testid="plan-submit"
            onClick={() =>
              plan.mutate(
                {
                  ...(mode === 'existing'
                    ? { mission_id: missionId ?? undefined }
                    : { mission_name: missionName.trim() }),
                  template_ids: templateIds,
                  scenario_name: scenarioName.trim() || undefined,
                },
                {
                  onSuccess: (r) => {
                    notifications.show({
                      color: 'teal',
                      message: `${plural(r.scenario.tests.length, 'test')} added to the plan`,
                    });
                    onDone(r);
                    close();
                  },
                },
              )
            }
          >
            Add to plan
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
