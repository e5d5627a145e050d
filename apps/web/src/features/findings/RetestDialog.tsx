import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Finding, Mission } from '@metamorph/contract';
import { IconRepeat } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useRetest } from '../../api/findings';
import { ErrorAlert } from '../../components/ErrorAlert';
import { findingLabel } from './finding-model';

/** Creates a retest mission re-running the chosen findings' tests, then opens it. */
export function RetestDialog({
  mission,
  findings,
  onClose,
}: {
  mission: Mission;
  findings: readonly Finding[];
  onClose: () => void;
}) {
  const retest = useRetest(mission.id);
  const navigate = useNavigate();
  const [name, setName] = useState(`${mission.name} — retest`);
  const tests = new Set(findings.flatMap((f) => f.test_ids)).size;
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Text fw={600}>
          Retest {findings.length === 1 ? 'this finding' : `${findings.length} findings`}
        </Text>
      }
      size="lg"
    >
      <Stack gap="md" data-testid="retest-dialog">
        <Text size="sm">
          A new mission for {mission.client.name} re-runs the {tests} test{tests === 1 ? '' : 's'}{' '}
          behind these findings, with this mission’s assets and members. When blue reviews them,
          each finding closes (retest passed) or is marked retest failed.
        </Text>
        <List size="sm" spacing={4}>
          {findings.map((f) => (
            <List.Item key={f.id}>
              <Text span ff="monospace" fw={600} size="sm">
                {findingLabel(f)}
              </Text>{' '}
              {f.title}
            </List.Item>
          ))}
        </List>
        <TextInput
          label="Name of the retest mission"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="retest-name"
        />
        {retest.isError && <ErrorAlert error={retest.error} title="No retest was created" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconRepeat size={16} />}
            loading={retest.isPending}
            disabled={!name.trim()}
            onClick={() =>
              retest.mutate(
                { finding_ids: findings.map((f) => f.id), name: name.trim() },
                {
                  onSuccess: (r) => {
                    notifications.show({
                      color: 'teal',
                      message: `“${r.name}” created with ${r.tests.length} test${r.tests.length === 1 ? '' : 's'}`,
                    });
                    void navigate(`/missions/${r.mission_id}?tab=plan`);
                  },
                },
              )
            }
            data-testid="retest-create"
          >
            Create retest mission
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
