import { NumberInput, Switch, TagsInput, Text, TextInput, Group } from '@mantine/core';
import { SETTINGS_DEFAULTS } from '@metamorph/contract';
import { OrderedTags } from './OrderedTags';
import { SETTINGS_META, bytesToMb, mbToBytes, settingKind, type SettingKey } from './settings-meta';

export type SettingValue = number | string | boolean | string[];
type Value = SettingValue;

/** One setting's input, chosen from its schema and presentation meta. */
interface SettingFieldProps {
  settingKey: SettingKey;
  value: Value;
  error: string | null;
  changed: boolean;
  onChange: (value: Value) => void;
}

export function SettingField({ settingKey, value, error, changed, onChange }: SettingFieldProps) {
  const meta = SETTINGS_META[settingKey];
  const kind = settingKind(settingKey);
  const fallback = SETTINGS_DEFAULTS[settingKey];
  const label = (
    <Group gap={8} component="span">
      <span>{meta.label}</span>
      <Text span size="xs" c="dimmed" ff="monospace" fw={400}>
        {settingKey}
      </Text>
      {changed && (
        <Text span size="xs" c="yellow" fw={500}>
          modified
        </Text>
      )}
    </Group>
  );
  const shownDefault = Array.isArray(fallback)
    ? fallback.join(', ')
    : meta.megabytes && typeof fallback === 'number'
      ? String(bytesToMb(fallback))
      : String(fallback);
  const description = `${meta.help} Default: ${shownDefault}${meta.unit ? ` ${meta.unit}` : ''}.`;

  if (kind.type === 'boolean') {
    return (
      <Switch
        label={label}
        description={description}
        checked={value === true}
        onChange={(e) => onChange(e.currentTarget.checked)}
        data-testid={`setting-${settingKey}`}
      />
    );
  }
  if (kind.type === 'list' && meta.ordered) {
    return (
      <OrderedTags
        label={label}
        description={description}
        value={Array.isArray(value) ? value : []}
        onChange={onChange}
        error={error}
        testId={`setting-${settingKey}`}
      />
    );
  }
  if (kind.type === 'list') {
    return (
      <TagsInput
        label={label}
        description={description}
        value={Array.isArray(value) ? value : []}
        onChange={(v) => onChange(v.map((x) => x.trim().toLowerCase().replace(/^\./, '')))}
        error={error}
        maw={720}
        data-testid={`setting-${settingKey}`}
      />
    );
  }
  if (kind.type === 'text') {
    return (
      <TextInput
        label={label}
        description={description}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        maw={720}
        data-testid={`setting-${settingKey}`}
      />
    );
  }
  if (meta.megabytes) {
    return (
      <NumberInput
        label={label}
        description={description}
        value={
          typeof value === 'number' ? bytesToMb(value) : typeof value === 'string' ? value : ''
        }
        onChange={(v) => onChange(typeof v === 'number' ? mbToBytes(v) : v)}
        min={kind.type === 'number' && kind.min !== undefined ? bytesToMb(kind.min) : undefined}
        max={kind.type === 'number' && kind.max !== undefined ? bytesToMb(kind.max) : undefined}
        decimalScale={2}
        clampBehavior="none"
        rightSection={
          <Text size="xs" c="dimmed" pr="sm">
            MB
          </Text>
        }
        rightSectionWidth={64}
        error={error}
        maw={420}
        data-testid={`setting-${settingKey}`}
      />
    );
  }
  const range =
    kind.min !== undefined && kind.max !== undefined ? `${kind.min} – ${kind.max}` : undefined;
  return (
    <NumberInput
      label={label}
      description={description}
      value={typeof value === 'number' || typeof value === 'string' ? value : ''}
      onChange={onChange}
      min={kind.min}
      max={kind.max}
      allowDecimal={!kind.integer}
      clampBehavior="none"
      rightSection={
        <Text size="xs" c="dimmed" pr="sm">
          {meta.unit}
        </Text>
      }
      rightSectionWidth={96}
      placeholder={range}
      error={error}
      maw={420}
      data-testid={`setting-${settingKey}`}
    />
  );
}
