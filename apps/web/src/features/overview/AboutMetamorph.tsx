import { Card, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { IconRoute, IconShieldCheck, IconSword } from '@tabler/icons-react';

interface Role {
  name: string;
  color: string;
  icon: Icon;
  summary: string;
}

const roles: readonly Role[] = [
  {
    name: 'Red operators',
    color: 'red',
    icon: IconSword,
    summary:
      'Execute the planned tests, each mapped to MITRE ATT&CK, and record the command, its output, the real attack window and the evidence.',
  },
  {
    name: 'Blue analysts',
    color: 'blue',
    icon: IconShieldCheck,
    summary:
      'Record what every defence saw (prevented, alerted, logged or missed) with the alert, rule and case that prove it.',
  },
  {
    name: 'Purple-team leads',
    color: 'purple',
    icon: IconRoute,
    summary:
      'Plan missions from scenario templates, follow both sides as they work, and hand over a report with an ATT&CK coverage map.',
  },
];

/** What Metamorph is, and who does what in an exercise. */
export function AboutMetamorph() {
  return (
    <Stack gap="md" data-testid="about">
      <Title order={2} fz="lg">
        Who does what
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {roles.map((role) => (
          <RoleCard key={role.name} role={role} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function RoleCard({ role }: { role: Role }) {
  const RoleIcon = role.icon;
  return (
    <Card padding="lg" style={{ borderTop: `3px solid var(--mantine-color-${role.color}-filled)` }}>
      <Stack gap="sm">
        <ThemeIcon variant="light" color={role.color} size={40} radius="md">
          <RoleIcon size={22} stroke={1.6} />
        </ThemeIcon>
        <Text fw={650}>{role.name}</Text>
        <Text size="sm" c="dimmed" lh={1.55}>
          {role.summary}
        </Text>
      </Stack>
    </Card>
  );
}
