import { Alert, Badge, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import type { LayerImportResult } from '@metamorph/contract';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';

function Ids({ ids, color }: { ids: readonly string[]; color: string }) {
  return (
    <Group gap={4}>
      {ids.map((id) => (
        <Badge key={id} variant="light" color={color} radius="sm" tt="none" ff="monospace">
          {id}
        </Badge>
      ))}
    </Group>
  );
}

function Row({ label, count, children }: { label: string; count: number; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" lts={0.5}>
        {label} · {count}
      </Text>
      {children}
    </Stack>
  );
}

/** What a layer import did: the scenario, tests from the library or bare, ids left out. */
export function LayerImportReport({ result: r }: { result: LayerImportResult }) {
  const left = r.unknown.length + r.revoked.length + r.deprecated.length;
  return (
    <Stack gap="md" data-testid="layer-import-result">
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={18} />}
        title={`Added “${r.scenario.name}”`}
      >
        <Text size="sm" data-testid="layer-import-summary">
          {r.scenario.tests.length} test{r.scenario.tests.length === 1 ? '' : 's'} planned:{' '}
          {r.from_library.length} from the library, {r.bare.length} bare
          {left ? `; ${left} id${left === 1 ? '' : 's'} left out` : ''}.
        </Text>
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {r.from_library.length > 0 && (
          <Row label="From the library" count={r.from_library.length}>
            <Ids ids={r.from_library} color="teal" />
          </Row>
        )}
        {r.bare.length > 0 && (
          <Row label="Bare tests (to write)" count={r.bare.length}>
            <Ids ids={r.bare} color="gray" />
          </Row>
        )}
        {r.unknown.length > 0 && (
          <Row label="Unknown to the catalog" count={r.unknown.length}>
            <div data-testid="layer-import-unknown">
              <Ids ids={r.unknown} color="red" />
            </div>
          </Row>
        )}
        {r.revoked.length > 0 && (
          <Row label="Revoked" count={r.revoked.length}>
            <Stack gap={2} data-testid="layer-import-revoked">
              {r.revoked.map((x) => (
                <Text key={x.external_id} size="sm" ff="monospace">
                  {x.external_id}
                  {x.revoked_by ? ` → ${x.revoked_by}` : ''}
                </Text>
              ))}
            </Stack>
          </Row>
        )}
        {r.deprecated.length > 0 && (
          <Row label="Deprecated" count={r.deprecated.length}>
            <Ids ids={r.deprecated} color="orange" />
          </Row>
        )}
      </SimpleGrid>
      {r.warnings.length > 0 && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="Warnings"
        >
          <List size="sm" spacing={2}>
            {r.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
