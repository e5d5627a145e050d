import { Anchor, Badge, Group, Tabs, Text, Tooltip } from '@mantine/core';
import type { AttackTag } from '@metamorph/contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { techniquePath } from '../attack/attack-ids';
import { AttackMarkdown } from '../attack/markdown/AttackMarkdown';
import { tagColor, tagTooltip } from './attack-tags';

/** "Tests" | "Scenarios": the library's two lists (scenarios live under /library/scenarios). */
export function LibraryTabs({ active }: { active: 'tests' | 'scenarios' }) {
  const navigate = useNavigate();
  return (
    <Tabs
      value={active}
      onChange={(v) => void navigate(v === 'scenarios' ? '/library/scenarios' : '/library')}
      data-testid="library-tabs"
    >
      <Tabs.List>
        <Tabs.Tab value="tests">Tests</Tabs.Tab>
        <Tabs.Tab value="scenarios">Scenarios</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}

/** One ATT&CK tag as a compact badge; warning colours and a tooltip when it needs a look. */
export function AttackTagBadge({ tag, link = false }: { tag: AttackTag; link?: boolean }) {
  const warn = tag.status !== 'ok';
  const badge = (
    <Badge
      size="sm"
      radius="sm"
      variant={warn ? 'light' : 'outline'}
      color={tagColor(tag.status)}
      tt="none"
      fw={600}
      ff="monospace"
      leftSection={warn ? <IconAlertTriangle size={11} /> : undefined}
      data-testid="attack-tag"
      data-tag={tag.external_id}
      data-status={tag.status}
      style={link && tag.kind !== 'tactic' ? { cursor: 'pointer' } : undefined}
    >
      {tag.external_id}
    </Badge>
  );
  const target =
    link && tag.kind !== 'tactic' ? (
      <Anchor component={Link} to={techniquePath(tag.external_id)} underline="never">
        {badge}
      </Anchor>
    ) : (
      badge
    );
  return (
    <Tooltip label={tagTooltip(tag)} multiline maw={300}>
      <span style={{ display: 'inline-flex' }}>{target}</span>
    </Tooltip>
  );
}

/** Tags in a wrapping row; `max` shows the first ones and a "+N" badge. */
export function AttackTagBadges({ tags, max }: { tags: readonly AttackTag[]; max?: number }) {
  if (tags.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const shown = max === undefined ? tags : tags.slice(0, max);
  const rest = tags.slice(shown.length);
  return (
    <Group gap={4}>
      {shown.map((t) => (
        <AttackTagBadge key={t.external_id} tag={t} />
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.map((t) => t.external_id).join(', ')}>
          <Badge size="sm" radius="sm" variant="default" tt="none">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

/** Warning badge of a template with a tag that is unknown, revoked or deprecated. */
export function FlaggedBadge() {
  return (
    <Tooltip label="An ATT&CK tag is unknown to the catalog, revoked or deprecated: review the tags">
      <Badge
        size="sm"
        color="yellow"
        variant="light"
        tt="none"
        leftSection={<IconAlertTriangle size={11} />}
        data-testid="flagged-badge"
      >
        Review tags
      </Badge>
    </Tooltip>
  );
}

/** User-written Markdown, rendered like ATT&CK texts: no raw HTML, no images, safe links. */
export function LibraryMarkdown({ markdown, testId }: { markdown: string; testId?: string }) {
  return <AttackMarkdown markdown={markdown} citations={[]} testId={testId} />;
}
