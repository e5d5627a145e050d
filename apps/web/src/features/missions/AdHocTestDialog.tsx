import {
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { MissionScenario } from '@metamorph/contract';
import { useState } from 'react';
import { useAddAdHocTest } from '../../api/missions-plan';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EMPTY_AD_HOC, adHocBody, validateAdHoc, type AdHocForm } from './plan-model';

const PLATFORMS = ['Windows', 'Linux', 'macOS', 'Network', 'Cloud', 'Containers'];

/**
 * Writes a test directly in the mission (no library template). `scenarioId` is the scenario
 * to preselect; `undefined` keeps the dialog closed.
 */
export function AdHocTestDialog({
  missionId,
  scenarios,
  scenarioId,
  onClose,
}: {
  missionId: string;
  scenarios: readonly MissionScenario[];
  scenarioId: string | null | undefined;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={scenarioId !== undefined}
      onClose={onClose}
      title={<Text fw={600}>New ad hoc test</Text>}
      size="lg"
    >
      {scenarioId !== undefined && (
        <AdHocForm
          missionId={missionId}
          scenarios={scenarios}
          initial={scenarioId ?? scenarios[scenarios.length - 1]?.id ?? null}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function AdHocForm({
  missionId,
  scenarios,
  initial,
  onClose,
}: {
  missionId: string;
  scenarios: readonly MissionScenario[];
  initial: string | null;
  onClose: () => void;
}) {
  const add = useAddAdHocTest(missionId);
  const [form, setForm] = useState<AdHocForm>({ ...EMPTY_AD_HOC, scenario_id: initial });
  const [tried, setTried] = useState(false);
  const errors = tried ? validateAdHoc(form) : {};
  const set = <K extends keyof AdHocForm>(k: K, v: AdHocForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const submit = () => {
    setTried(true);
    if (Object.keys(validateAdHoc(form)).length) return;
    add.mutate(adHocBody(form), {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `Added “${form.name.trim()}”` });
        onClose();
      },
    });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="md" data-testid="adhoc-test">
        <Text size="sm" c="dimmed">
          A test written for this mission only; the library does not change.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Scenario"
            required
            data={scenarios.map((s) => ({ value: s.id, label: s.name }))}
            value={form.scenario_id}
            onChange={(v) => set('scenario_id', v)}
            allowDeselect={false}
            error={errors.scenario_id}
            data-testid="adhoc-scenario"
          />
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.name}
            data-autofocus
            data-testid="adhoc-name"
          />
          <TagsInput
            label="ATT&CK ids"
            placeholder="T1059.001, Enter"
            value={form.attack_ids}
            onChange={(v) => set('attack_ids', v)}
            error={errors.attack_ids}
            splitChars={[',', ' ']}
            data-testid="adhoc-attack"
          />
          <TagsInput
            label="Platforms"
            placeholder="Windows, Enter"
            data={PLATFORMS}
            value={form.platforms}
            onChange={(v) => set('platforms', v)}
            data-testid="adhoc-platforms"
          />
        </SimpleGrid>
        <Textarea
          label="Objective"
          autosize
          minRows={2}
          maxRows={5}
          value={form.objective}
          onChange={(e) => set('objective', e.currentTarget.value)}
          data-testid="adhoc-objective"
        />
        <Textarea
          label="Procedure"
          description="Markdown: what red runs, step by step"
          autosize
          minRows={3}
          maxRows={10}
          value={form.procedure_md}
          onChange={(e) => set('procedure_md', e.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="adhoc-procedure"
        />
        {add.isError && <ErrorAlert error={add.error} title="The test was not added" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} data-testid="adhoc-submit">
            Add test
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
