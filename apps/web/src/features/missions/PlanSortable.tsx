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
import { ActionIcon, Paper } from '@mantine/core';
import { IconGripVertical } from '@tabler/icons-react';
import type { CSSProperties, ReactNode } from 'react';

/** A vertical sortable list (mouse, touch, keyboard); `onMove(activeId, overId)` on drop. */
export function SortableList({
  ids,
  onMove,
  children,
}: {
  ids: string[];
  onMove: (activeId: string, overId: string) => void;
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) onMove(String(active.id), String(over.id));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

interface ItemProps {
  id: string;
  /** Whether the drag handle shows (leads, unfiltered plan). */
  sortable: boolean;
  label: string;
  testId: string;
  handleTestId: string;
  name: string;
  withBorder?: boolean;
  /** The row's content; receives the drag handle (or null) to place. */
  children: (handle: ReactNode) => ReactNode;
  style?: CSSProperties;
}

/** A sortable row with its drag handle: the caller places the handle in its layout. */
export function SortableItem(p: ItemProps) {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({ id: p.id, disabled: !p.sortable });
  const handle = p.sortable ? (
    <ActionIcon
      ref={setActivatorNodeRef}
      variant="subtle"
      color="gray"
      size={28}
      aria-label={p.label}
      style={{ cursor: isDragging ? 'grabbing' : 'grab', touchAction: 'none', flex: 'none' }}
      data-testid={p.handleTestId}
      {...attributes}
      {...listeners}
    >
      <IconGripVertical size={16} />
    </ActionIcon>
  ) : null;
  return (
    <Paper
      ref={setNodeRef}
      withBorder={p.withBorder ?? true}
      radius="md"
      shadow={isDragging ? 'md' : undefined}
      data-testid={p.testId}
      data-name={p.name}
      style={{
        ...p.style,
        transform: CSS.Translate.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
        background: 'var(--mantine-color-body)',
      }}
    >
      {p.children(handle)}
    </Paper>
  );
}
