import { Anchor, Badge, Card, Code, Grid, Group, Stack, Table, Text } from '@mantine/core';
import type { TechniqueDetail } from '@metamorph/contract';
import { useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useAttackTechnique } from '../../../api/attack';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate } from '../../../lib/format';
import { usePageTitle } from '../../shell/usePageTitle';
import { domainLabel, mitreTechniqueUrl, techniquePath } from '../attack-ids';
import { Chips, DetailError, MitreLink, Section, StateBadges } from '../AttackBits';
import { prepareAttackMarkdown } from '../markdown/attack-markdown';
import { AttackMarkdown, CitationList } from '../markdown/AttackMarkdown';
import {
  MitigationsSection,
  SubtechniquesSection,
  TacticList,
  UsedBySection,
} from './TechniqueSections';

export function TechniquePage() {
  const id = useParams().id ?? '';
  const technique = useAttackTechnique(id);
  usePageTitle(technique.data ? `${id} ${technique.data.name}` : id);

  if (technique.isError) {
    return (
      <Stack gap="lg" data-testid="technique-page">
        <PageHeader eyebrow="MITRE ATT&CK" title={id} />
        <DetailError
          error={technique.error}
          what="technique"
          id={id}
          onRetry={() => void technique.refetch()}
        />
      </Stack>
    );
  }
  if (technique.isPending) {
    return (
      <Stack gap="lg" data-testid="technique-page">
        <PageHeader eyebrow="MITRE ATT&CK" title={id} />
        <Card>
          <LoadingRows rows={6} />
        </Card>
      </Stack>
    );
  }
  return <TechniqueView technique={technique.data} />;
}

function TechniqueView({ technique }: { technique: TechniqueDetail }) {
  const texts = useMemo(() => {
    const description = prepareAttackMarkdown(technique.description);
    const detection = technique.detection
      ? prepareAttackMarkdown(technique.detection, description.citations)
      : null;
    return { description, detection, citations: (detection ?? description).citations };
  }, [technique.description, technique.detection]);

  return (
    <Stack gap="lg" data-testid="technique-page" data-technique={technique.external_id}>
      <PageHeader
        eyebrow={
          technique.is_subtechnique ? 'MITRE ATT&CK · Sub-technique' : 'MITRE ATT&CK · Technique'
        }
        title={technique.name}
        description={
          <Group gap={8} component="span" mt={2}>
            <Code fz="sm" data-testid="technique-id">
              {technique.external_id}
            </Code>
            {technique.is_subtechnique && (
              <Badge variant="outline" color="gray" data-testid="badge-subtechnique">
                Sub-technique
                {technique.parent_id && (
                  <>
                    {' of '}
                    <Anchor
                      component={Link}
                      to={techniquePath(technique.parent_id)}
                      inherit
                      underline="always"
                    >
                      {technique.parent_id}
                    </Anchor>
                  </>
                )}
              </Badge>
            )}
            <StateBadges technique={technique} revokedBy={technique.revoked_by} />
          </Group>
        }
        actions={<MitreLink href={technique.url ?? mitreTechniqueUrl(technique.external_id)} />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card data-testid="technique-description">
              <AttackMarkdown markdown={texts.description.markdown} citations={texts.citations} />
            </Card>
            {texts.detection && (
              <Section title="Detection" testId="technique-detection">
                <AttackMarkdown markdown={texts.detection.markdown} citations={texts.citations} />
              </Section>
            )}
            <SubtechniquesSection technique={technique} />
            <UsedBySection usedBy={technique.used_by} />
            <MitigationsSection mitigations={technique.mitigations} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <FactsCard technique={technique} />
            {texts.citations.length > 0 && (
              <Card>
                <CitationList citations={texts.citations} />
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function FactsCard({ technique }: { technique: TechniqueDetail }) {
  const rows: [string, ReactNode][] = [
    ['ID', <Code key="id">{technique.external_id}</Code>],
    ['Tactics', <TacticList key="tactics" technique={technique} />],
    ['Platforms', <Chips key="platforms" values={technique.platforms} />],
    ['Domain', domainLabel(technique.domain)],
    ['Release', `ATT&CK v${technique.release_version}`],
    ['Modified', formatDate(technique.modified)],
  ];
  return (
    <Card p="md" data-testid="technique-facts">
      <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={6}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={104} bg="transparent" style={{ verticalAlign: 'top' }}>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                  {label}
                </Text>
              </Table.Th>
              <Table.Td fz="sm">{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
