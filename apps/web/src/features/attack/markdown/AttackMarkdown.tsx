import { Anchor, List, Text, Tooltip, Typography } from '@mantine/core';
import type { ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { Link } from 'react-router';
import { mitreUrlToPath } from '../attack-ids';
import { citationNumber } from './attack-markdown';

interface AttackMarkdownProps {
  /** Markdown from `prepareAttackMarkdown` (citations already turned into `#cite-N` links). */
  markdown: string;
  /** Cited source names; marker N shows `citations[N - 1]`. */
  citations: readonly string[];
  testId?: string;
}

/**
 * Renders ATT&CK Markdown safely: raw HTML is shown as text (react-markdown's default,
 * no rehype-raw), unsafe URLs (javascript: …) are dropped by the default urlTransform,
 * images are not loaded, links to attack.mitre.org stay in the app and other links
 * open in a new tab without a referrer.
 */
export function AttackMarkdown({ markdown, citations, testId }: AttackMarkdownProps) {
  const components: Components = {
    a: ({ href, children }) => (
      <MarkdownLink href={href} citations={citations}>
        {children}
      </MarkdownLink>
    ),
  };
  return (
    <Typography data-testid={testId} fz="sm" style={{ lineHeight: 1.65 }}>
      <Markdown components={components} disallowedElements={['img']} unwrapDisallowed>
        {markdown}
      </Markdown>
    </Typography>
  );
}

function MarkdownLink({
  href,
  citations,
  children,
}: {
  href: string | undefined;
  citations: readonly string[];
  children: ComponentProps<'a'>['children'];
}) {
  const cite = citationNumber(href);
  if (cite !== null) {
    const source = citations[cite - 1] ?? 'Unknown source';
    return (
      <Tooltip label={source} multiline maw={320}>
        <sup
          tabIndex={0}
          aria-label={`Source ${cite}: ${source}`}
          data-testid="citation"
          style={{
            color: 'var(--mantine-color-dimmed)',
            fontSize: '0.7em',
            cursor: 'help',
            marginLeft: 1,
          }}
        >
          [{cite}]
        </sup>
      </Tooltip>
    );
  }
  if (!href) return <span>{children}</span>;
  const internal = mitreUrlToPath(href);
  if (internal) {
    return (
      <Anchor component={Link} to={internal} inherit underline="always">
        {children}
      </Anchor>
    );
  }
  return (
    <Anchor
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      inherit
      underline="always"
    >
      {children}
    </Anchor>
  );
}

/** The numbered list of sources cited in the texts above it: small and quiet. */
export function CitationList({ citations }: { citations: readonly string[] }) {
  if (citations.length === 0) return null;
  return (
    <div data-testid="citation-list">
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.5} mb={4}>
        Sources
      </Text>
      <List type="ordered" size="xs" c="dimmed" spacing={2}>
        {citations.map((name) => (
          <List.Item key={name}>{name}</List.Item>
        ))}
      </List>
    </div>
  );
}
