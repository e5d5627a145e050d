import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useLibraryScenarios, useTestTemplatePicker } from '../../api/library-scenarios';
import { useAddScenario } from '../../api/missions-plan';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AttackTagBadges } from '../library/LibraryBits';

/** Snapshot a scenario template, or a selection of test templates, into the mission's plan. */
export function AddFromLibraryDialog({
  missionId,
  opened,
  onClose,
}: {
  missionId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const add = useAddScenario(missionId);
  const [tab, setTab] = useState<string | null>('scenarios');
  const close = () => {
    add.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>Add from the library</Text>}
      size="xl"
      data-testid="add-from-library"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The mission keeps a copy: later changes to the library do not change its plan.
        </Text>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="scenarios" data-testid="add-tab-scenarios">
              Scenario template
            </Tabs.Tab>
            <Tabs.Tab value="tests" data-testid="add-tab-tests">
              Test templates
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="scenarios" pt="md">
            <ScenarioPick
              pending={add.isPending ? (add.variables.scenario_template_id ?? null) : null}
              onAdd={(id, name) =>
                add.mutate(
                  { scenario_template_id: id },
                  {
                    onSuccess: (s) =>
                      notifications.show({
                        color: 'teal',
                        message: `Added “${name}” (${s.tests.length} tests)`,
                      }),
                  },
                )
              }
            />
          </Tabs.Panel>
          <Tabs.Panel value="tests" pt="md">
            <TestPick
              pending={add.isPending}
              onAdd={(ids, name) =>
                add.mutate({ test_template_ids: ids, name }, { onSuccess: close })
              }
            />
          </Tabs.Panel>
        </Tabs>
        {add.isError && <ErrorAlert error={add.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-testid="add-from-library-close">
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ScenarioPick({
  pending,
  onAdd,
}: {
  pending: string | null;
  onAdd: (id: string, name: string) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const found = useLibraryScenarios({ q: debounced });
  const items = found.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <TextInput
        placeholder="Search scenario templates…"
        aria-label="Search scenario templates"
        leftSection={<IconSearch size={16} />}
        rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-autofocus
        data-testid="add-scenario-search"
      />
      {found.isError && <ErrorAlert error={found.error} />}
      <ScrollArea.Autosize mah={380} type="auto" offsetScrollbars="y">
        <Stack gap={4}>
          {found.isSuccess && items.length === 0 && (
            <Text size="sm" c="dimmed" py="xs">
              No scenario template {debounced.trim() ? 'matches' : 'in the library'}.
            </Text>
          )}
          {items.map((s) => (
            <Group
              key={s.id}
              gap="sm"
              wrap="nowrap"
              px="xs"
              py={6}
              data-testid="add-scenario-row"
              data-name={s.name}
            >
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" fw={600} truncate="end">
                  {s.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" truncate="end">
                  {s.key}
                </Text>
              </Stack>
              <Badge variant="default" radius="sm" style={{ flex: 'none' }}>
                {s.test_count} test{s.test_count === 1 ? '' : 's'}
              </Badge>
              <Button
                size="compact-sm"
                variant="light"
                leftSection={<IconPlus size={14} />}
                loading={pending === s.id}
                disabled={s.test_count === 0}
                onClick={() => onAdd(s.id, s.name)}
                aria-label={`Add scenario “${s.name}”`}
                data-testid="add-scenario"
              >
                Add
              </Button>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function TestPick({
  pending,
  onAdd,
}: {
  pending: boolean;
  onAdd: (ids: string[], name: string) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [picked, setPicked] = useState<string[]>([]);
  const [name, setName] = useState('Selected tests');
  const found = useTestTemplatePicker(debounced);
  const items = found.data?.items ?? [];
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <Stack gap="sm">
      <TextInput
        placeholder="Search test templates by name, key, technique…"
        aria-label="Search test templates"
        leftSection={<IconSearch size={16} />}
        rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid="add-test-search"
      />
      {found.isError && <ErrorAlert error={found.error} />}
      <ScrollArea.Autosize mah={300} type="auto" offsetScrollbars="y">
        <Stack gap={2}>
          {items.map((t) => (
            <Group
              key={t.id}
              gap="sm"
              wrap="nowrap"
              px="xs"
              py={4}
              data-testid="add-test-row"
              data-name={t.name}
            >
              <Checkbox
                checked={picked.includes(t.id)}
                onChange={() => toggle(t.id)}
                aria-label={`Pick “${t.name}”`}
                data-testid="add-test-pick"
              />
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Text size="sm" truncate="end">
                  {t.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" truncate="end">
                  {t.key}
                </Text>
              </Stack>
              <AttackTagBadges tags={t.attack_tags} max={3} />
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Scenario name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="add-test-name"
        />
        <Button
          leftSection={<IconPlus size={16} />}
          disabled={picked.length === 0 || !name.trim()}
          loading={pending}
          onClick={() => onAdd(picked, name.trim())}
          data-testid="add-tests"
        >
          Add {picked.length} test{picked.length === 1 ? '' : 's'}
        </Button>
      </Group>
    </Stack>
  );
}
