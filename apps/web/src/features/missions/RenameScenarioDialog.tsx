import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { MissionScenario, ScenarioPatch } from '@metamorph/contract';
import { useState } from 'react';
import { usePlanChange } from '../../api/missions-plan';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Renames a mission scenario (and edits its short description). */
export function RenameScenarioDialog({
  missionId,
  scenario,
  onClose,
}: {
  missionId: string;
  scenario: MissionScenario | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={scenario !== null}
      onClose={onClose}
      title={<Text fw={600}>Rename the scenario</Text>}
      centered
      size="md"
    >
      {scenario && (
        <RenameForm key={scenario.id} missionId={missionId} scenario={scenario} onClose={onClose} />
      )}
    </Modal>
  );
}

function RenameForm({
  missionId,
  scenario,
  onClose,
}: {
  missionId: string;
  scenario: MissionScenario;
  onClose: () => void;
}) {
  const change = usePlanChange(missionId);
  const [name, setName] = useState(scenario.name);
  const [description, setDescription] = useState(scenario.description ?? '');
  const body: ScenarioPatch = {};
  if (name.trim() !== scenario.name) body.name = name.trim();
  if ((description.trim() || null) !== scenario.description)
    body.description = description.trim() || null;
  const save = () =>
    change.mutate(
      { change: { kind: 'scenario', scenarioId: scenario.id, body } },
      { onSuccess: onClose },
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && Object.keys(body).length) save();
      }}
    >
      <Stack gap="md" data-testid="scenario-rename">
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={name.trim() ? undefined : 'must not be empty'}
          data-autofocus
          data-testid="scenario-rename-name"
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={6}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        {change.isError && <ErrorAlert error={change.error} title="The scenario was not renamed" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={change.isPending}
            disabled={!name.trim() || Object.keys(body).length === 0}
            data-testid="scenario-rename-save"
          >
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
