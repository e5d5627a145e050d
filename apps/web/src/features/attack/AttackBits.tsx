import { Anchor, Badge, Button, Card, Code, Group, Text } from '@mantine/core';
import type { TechniqueSummary } from '@metamorph/contract';
import { IconExternalLink, IconSearchOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { techniquePath } from './attack-ids';

type StateFlags = Pick<TechniqueSummary, 'revoked' | 'deprecated'>;

/** "Revoked" / "Deprecated" badges; a revoked one links to its replacement when known. */
export function StateBadges({
  technique,
  revokedBy,
}: {
  technique: StateFlags;
  revokedBy?: string | null;
}) {
  return (
    <>
      {technique.revoked && (
        <Badge color="red" variant="light" data-testid="badge-revoked">
          {revokedBy ? (
            <>
              Revoked →{' '}
              <Anchor
                component={Link}
                to={techniquePath(revokedBy)}
                inherit
                c="red.3"
                underline="always"
              >
                {revokedBy}
              </Anchor>
            </>
          ) : (
            'Revoked'
          )}
        </Badge>
      )}
      {technique.deprecated && (
        <Badge color="orange" variant="light" data-testid="badge-deprecated">
          Deprecated
        </Badge>
      )}
    </>
  );
}

/** A technique as "T1059.001 PowerShell", linking to its page. */
export function TechniqueRef({
  technique,
}: {
  technique: Pick<TechniqueSummary, 'external_id' | 'name'>;
}) {
  return (
    <Group gap={8} wrap="nowrap">
      <Code fz="xs" style={{ flex: 'none' }}>
        {technique.external_id}
      </Code>
      <Anchor component={Link} to={techniquePath(technique.external_id)} size="sm">
        {technique.name}
      </Anchor>
    </Group>
  );
}

/** Small chips: tactics or platforms. */
export function Chips({ values, color = 'gray' }: { values: readonly string[]; color?: string }) {
  if (values.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4}>
      {values.map((v) => (
        <Badge key={v} variant="light" color={color} size="sm" tt="none" fw={500}>
          {v}
        </Badge>
      ))}
    </Group>
  );
}

export function MitreLink({ href, label = 'attack.mitre.org' }: { href: string; label?: string }) {
  return (
    <Button
      component="a"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      variant="default"
      rightSection={<IconExternalLink size={15} />}
      data-testid="mitre-link"
    >
      {label}
    </Button>
  );
}

/** A detail page's load failure: "not in the catalog" for a 404, the error otherwise. */
export function DetailError({
  error,
  what,
  id,
  onRetry,
}: {
  error: unknown;
  what: string;
  id: string;
  onRetry: () => void;
}) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
    return (
      <Card>
        <EmptyState icon={IconSearchOff} title={`No ${what} ${id}`} testId="attack-not-found">
          The current ATT&CK release has no {what} with this id.{' '}
          <Anchor component={Link} to="/attack">
            Back to the matrix
          </Anchor>
        </EmptyState>
      </Card>
    );
  }
  return <ErrorAlert error={error} onRetry={onRetry} />;
}

/** A titled card section with a count, used by the detail pages. */
export function Section({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count?: number;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card data-testid={testId}>
      <Group gap={8} mb="sm">
        <Text fw={650} size="md" component="h2" m={0}>
          {title}
        </Text>
        {count !== undefined && (
          <Badge variant="default" size="sm" radius="sm">
            {count}
          </Badge>
        )}
      </Group>
      {children}
    </Card>
  );
}
