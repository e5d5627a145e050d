import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { TestTemplateSummary } from '@metamorph/contract';
import {
  IconArrowDown,
  IconArrowUp,
  IconGripVertical,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTestTemplatePicker } from '../../../api/library-scenarios';
import { RemoveButton } from '../EditorControls';
import { AttackTagBadges, FlaggedBadge } from '../LibraryBits';
import { testTemplatePath } from '../LibraryTable';
import { moveItem } from '../template-form';
import { moveTestById } from './scenario-form';

interface ListProps {
  tests: readonly TestTemplateSummary[];
  onChange: (tests: TestTemplateSummary[]) => void;
}

/**
 * The scenario's tests in order: drag a row by its handle (mouse, touch, or the keyboard:
 * Space to lift, arrows to move, Space to drop), or use the up and down buttons.
 */
export function SortableTestList({ tests, onChange }: ListProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id)
      onChange(moveTestById(tests, String(active.id), String(over.id)));
  };
  if (tests.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md" ta="center" data-testid="scenario-editor-no-tests">
        No test yet: search the library below and add tests in the order to run them.
      </Text>
    );
  }
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={tests.map((t) => t.id)} strategy={verticalListSortingStrategy}>
        <Stack gap={6} data-testid="scenario-editor-tests">
          {tests.map((t, i) => (
            <SortableRow
              key={t.id}
              test={t}
              index={i}
              count={tests.length}
              onMove={(to) => onChange(moveItem(tests, i, to))}
              onRemove={() => onChange(tests.filter((x) => x.id !== t.id))}
            />
          ))}
        </Stack>
      </SortableContext>
    </DndContext>
  );
}

interface RowProps {
  test: TestTemplateSummary;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}

function SortableRow({ test, index, count, onMove, onRemove }: RowProps) {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({ id: test.id });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      px="xs"
      py={6}
      shadow={isDragging ? 'md' : undefined}
      data-testid="scenario-editor-test"
      data-name={test.name}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
        background: 'var(--mantine-color-body)',
      }}
    >
      <Group gap="xs" wrap="nowrap">
        <ActionIcon
          ref={setActivatorNodeRef}
          variant="subtle"
          color="gray"
          size={32}
          aria-label={`Drag “${test.name}” to reorder`}
          style={{ cursor: isDragging ? 'grabbing' : 'grab', touchAction: 'none', flex: 'none' }}
          data-testid="scenario-test-handle"
          {...attributes}
          {...listeners}
        >
          <IconGripVertical size={16} />
        </ActionIcon>
        <Badge
          variant="light"
          color="purple"
          radius="xl"
          size="lg"
          w={34}
          px={0}
          style={{ flex: 'none' }}
        >
          {index + 1}
        </Badge>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Anchor
              component={Link}
              to={testTemplatePath(test.id)}
              target="_blank"
              size="sm"
              fw={600}
              truncate="end"
            >
              {test.name}
            </Anchor>
            {test.flagged && <FlaggedBadge />}
          </Group>
          <Text size="xs" c="dimmed" truncate="end" ff="monospace">
            {test.key}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap" visibleFrom="sm" style={{ flex: 'none' }}>
          <AttackTagBadges tags={test.attack_tags} max={3} />
        </Group>
        <Group gap={0} wrap="nowrap" style={{ flex: 'none' }}>
          <Tooltip label="Move up">
            <ActionIcon
              variant="subtle"
              color="gray"
              size={32}
              disabled={index === 0}
              onClick={() => onMove(index - 1)}
              aria-label={`Move “${test.name}” up`}
              data-testid="scenario-test-up"
            >
              <IconArrowUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon
              variant="subtle"
              color="gray"
              size={32}
              disabled={index === count - 1}
              onClick={() => onMove(index + 1)}
              aria-label={`Move “${test.name}” down`}
              data-testid="scenario-test-down"
            >
              <IconArrowDown size={16} />
            </ActionIcon>
          </Tooltip>
          <RemoveButton label={`Remove “${test.name}”`} onClick={onRemove} />
        </Group>
      </Group>
    </Paper>
  );
}

/** Search `GET /api/library/tests?q=` and add hits to the scenario. */
export function TestPicker({
  selected,
  onAdd,
}: {
  selected: readonly TestTemplateSummary[];
  onAdd: (test: TestTemplateSummary) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const found = useTestTemplatePicker(debounced);
  const items = found.data?.items ?? [];
  const inScenario = new Set(selected.map((t) => t.id));
  return (
    <Stack gap="sm">
      <TextInput
        placeholder="Search test templates by name, key, GUID…"
        aria-label="Search test templates to add"
        leftSection={<IconSearch size={16} />}
        rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-testid="scenario-picker-search"
      />
      <ScrollArea.Autosize mah={320} type="auto" offsetScrollbars="y">
        <Stack gap={4} data-testid="scenario-picker-results">
          {found.isSuccess && items.length === 0 && (
            <Text size="sm" c="dimmed" py="xs">
              {debounced.trim() ? 'No test template matches.' : 'The library has no test template.'}
            </Text>
          )}
          {items.map((t) => {
            const added = inScenario.has(t.id);
            return (
              <Group
                key={t.id}
                gap="sm"
                wrap="nowrap"
                px="xs"
                py={4}
                data-testid="scenario-picker-row"
                data-name={t.name}
              >
                <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                  <Text size="sm" truncate="end">
                    {t.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace" truncate="end">
                    {t.key}
                  </Text>
                </Stack>
                <Group gap={4} wrap="nowrap" visibleFrom="sm" style={{ flex: 'none' }}>
                  <AttackTagBadges tags={t.attack_tags} max={3} />
                </Group>
                <Button
                  size="compact-sm"
                  variant={added ? 'subtle' : 'light'}
                  color={added ? 'gray' : undefined}
                  disabled={added}
                  leftSection={added ? undefined : <IconPlus size={14} />}
                  onClick={() => onAdd(t)}
                  style={{ flex: 'none' }}
                  aria-label={added ? `Added: “${t.name}” is in the scenario` : `Add “${t.name}”`}
                  data-testid="scenario-picker-add"
                >
                  {added ? 'Added' : 'Add'}
                </Button>
              </Group>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
      {found.data && found.data.total > items.length && (
        <Text size="xs" c="dimmed">
          Showing {items.length} of {found.data.total}: refine the search to find others.
        </Text>
      )}
    </Stack>
  );
}
