import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

/** Removes one item of an editor list. */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size={36}
        onClick={onClick}
        aria-label={label}
        style={{ flex: 'none' }}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/** Appends an item to an editor list. */
export function AddButton({
  label,
  onClick,
  testId,
}: {
  label: string;
  onClick: () => void;
  testId: string;
}) {
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconPlus size={14} />}
      onClick={onClick}
      w="fit-content"
      data-testid={testId}
    >
      {label}
    </Button>
  );
}
