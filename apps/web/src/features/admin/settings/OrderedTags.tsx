import { ActionIcon, Badge, Button, Group, Input, TextInput } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

/** Moves the item at `from` to `to` (a copy). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length) return next;
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** A list of tags whose order matters: add, remove, move left/right (lowest first). */
export function OrderedTags({
  label,
  description,
  value,
  onChange,
  error,
  testId,
}: {
  label: ReactNode;
  description: string;
  value: string[];
  onChange: (v: string[]) => void;
  error: string | null;
  testId: string;
}) {
  const [text, setText] = useState('');
  const add = () => {
    const v = text.trim().toLowerCase();
    if (!v || value.includes(v)) return;
    onChange([...value, v]);
    setText('');
  };
  return (
    <Input.Wrapper label={label} description={description} error={error} maw={720}>
      <Group gap={6} mt={6} data-testid={testId}>
        {value.map((tag, i) => (
          <Badge
            key={tag}
            size="lg"
            variant="light"
            tt="none"
            pl={4}
            pr={4}
            data-testid={`${testId}-tag`}
            leftSection={
              <ActionIcon
                size="xs"
                variant="subtle"
                disabled={i === 0}
                aria-label={`Move ${tag} lower`}
                onClick={() => onChange(moveItem(value, i, i - 1))}
              >
                <IconChevronLeft size={12} />
              </ActionIcon>
            }
            rightSection={
              <Group gap={0} wrap="nowrap">
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  disabled={i === value.length - 1}
                  aria-label={`Move ${tag} higher`}
                  onClick={() => onChange(moveItem(value, i, i + 1))}
                >
                  <IconChevronRight size={12} />
                </ActionIcon>
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove ${tag}`}
                  onClick={() => onChange(value.filter((t) => t !== tag))}
                >
                  <IconX size={12} />
                </ActionIcon>
              </Group>
            }
          >
            {i + 1}. {tag}
          </Badge>
        ))}
        <TextInput
          size="xs"
          w={140}
          placeholder="new level"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          aria-label="New opsec level"
          data-testid={`${testId}-input`}
        />
        <Button size="xs" variant="default" leftSection={<IconPlus size={12} />} onClick={add}>
          Add
        </Button>
      </Group>
    </Input.Wrapper>
  );
}
