import {
  ExecutorName,
  TestTemplateFields,
  type Dependency,
  type InputArgument,
} from '@metamorph/contract';
import {
  Problems,
  flag,
  isObj,
  issueMessages,
  kindOf,
  optText,
  reqText,
  textList,
} from './fields.js';
import { procedureMarkdown } from './procedure.js';

/** ART `supported_platforms` → ATT&CK platform names (see the table in parse.ts). */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  windows: 'Windows',
  linux: 'Linux',
  macos: 'macOS',
  containers: 'Containers',
  esxi: 'ESXi',
  'network-devices': 'Network Devices',
  iaas: 'IaaS',
  'iaas:aws': 'IaaS',
  'iaas:azure': 'IaaS',
  'iaas:gcp': 'IaaS',
  'azure-ad': 'Identity Provider',
  'office-365': 'Office Suite',
  saas: 'SaaS',
};

export const ATOMICS_TAG = 'atomic-red-team';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ARG_TYPES = new Set<InputArgument['type']>(['string', 'path', 'url', 'integer', 'float']);
const EXECUTORS: readonly string[] = ExecutorName.options;

export function mapPlatforms(values: string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    const mapped = PLATFORM_NAMES[v.toLowerCase()] ?? v;
    if (!out.includes(mapped)) out.push(mapped);
  }
  return out;
}

function executorName(v: unknown, field: string, p: Problems): ExecutorName | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && EXECUTORS.includes(v)) return v as ExecutorName;
  const shown = typeof v === 'string' ? `"${v}"` : kindOf(v);
  p.add(`${field} ${shown} is not a known executor (${EXECUTORS.join(', ')})`);
  return null;
}

function inputArguments(v: unknown, p: Problems, warnings: string[]): InputArgument[] {
  if (v === undefined || v === null) return [];
  if (!isObj(v)) {
    p.add(`input_arguments must be a mapping of argument names, not ${kindOf(v)}`);
    return [];
  }
  const out: InputArgument[] = [];
  for (const [name, raw] of Object.entries(v)) {
    const field = `input_arguments.${name}`;
    const arg = raw ?? {};
    if (!isObj(arg)) {
      p.add(`${field} must be a mapping, not ${kindOf(arg)}`);
      continue;
    }
    let type: InputArgument['type'] = 'string';
    const rawType = optText(arg.type, `${field}.type`, p);
    if (rawType !== null) {
      const lower = rawType.trim().toLowerCase();
      if (ARG_TYPES.has(lower as InputArgument['type'])) type = lower as InputArgument['type'];
      else warnings.push(`${field}.type "${rawType}" is not a known type; taken as string`);
    }
    const dflt =
      typeof arg.default === 'boolean'
        ? String(arg.default)
        : optText(arg.default, `${field}.default`, p);
    const description = optText(arg.description, `${field}.description`, p);
    out.push({ name, description: description?.trimEnd() ?? '', type, default: dflt });
  }
  return out;
}

function dependencies(v: unknown, p: Problems): Dependency[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    p.add(`dependencies must be a list, not ${kindOf(v)}`);
    return [];
  }
  const out: Dependency[] = [];
  v.forEach((raw: unknown, i) => {
    const field = `dependencies[${i}]`;
    if (!isObj(raw)) {
      p.add(`${field} must be a mapping, not ${kindOf(raw)}`);
      return;
    }
    out.push({
      description: optText(raw.description, `${field}.description`, p)?.trimEnd() ?? '',
      prereq_command: optText(raw.prereq_command, `${field}.prereq_command`, p),
      get_prereq_command: optText(raw.get_prereq_command, `${field}.get_prereq_command`, p),
    });
  });
  return out;
}

export interface MappedTest {
  guid: string;
  fields: TestTemplateFields;
  warnings: string[];
}

export type MapResult = { ok: true; test: MappedTest } | { ok: false; problems: string[] };

/** One entry of `atomic_tests` → test-template fields validated by the contract. */
export function mapAtomicTest(raw: Record<string, unknown>, attackIds: string[]): MapResult {
  const p = new Problems();
  const warnings: string[] = [];

  const name = reqText(raw.name, 'name', p);
  let guid: string | null = null;
  const rawGuid = raw.auto_generated_guid;
  if (rawGuid === undefined || rawGuid === null) p.add('auto_generated_guid is missing');
  else if (typeof rawGuid !== 'string' || !GUID.test(rawGuid.trim())) {
    const shown = typeof rawGuid === 'string' ? `"${rawGuid}"` : kindOf(rawGuid);
    p.add(`auto_generated_guid ${shown} is not a GUID`);
  } else guid = rawGuid.trim().toLowerCase();

  const description = optText(raw.description, 'description', p);
  const platforms = mapPlatforms(textList(raw.supported_platforms, 'supported_platforms', p));
  const args = inputArguments(raw.input_arguments, p, warnings);
  const deps = dependencies(raw.dependencies, p);
  const depExecutor = executorName(raw.dependency_executor_name, 'dependency_executor_name', p);

  const ex = raw.executor;
  let executor: TestTemplateFields['executor'] = null;
  if (!isObj(ex)) {
    p.add(
      ex === undefined || ex === null
        ? 'executor is missing'
        : `executor must be a mapping, not ${kindOf(ex)}`,
    );
  } else {
    if (ex.name === undefined || ex.name === null) p.add('executor.name is missing');
    const exName = executorName(ex.name, 'executor.name', p);
    const command = optText(ex.command, 'executor.command', p);
    const cleanup = optText(ex.cleanup_command, 'executor.cleanup_command', p);
    const steps = optText(ex.steps, 'executor.steps', p);
    const elevation = flag(ex.elevation_required, 'executor.elevation_required', p);
    if (exName === 'manual' && (steps === null || steps.trim() === '')) {
      p.add('executor.steps is missing for a manual executor');
    } else if (
      exName !== null &&
      exName !== 'manual' &&
      (command === null || command.trim() === '')
    ) {
      p.add(`executor.command is missing for the ${exName} executor`);
    }
    if (exName !== null) {
      executor = {
        name: exName,
        command,
        cleanup_command: cleanup,
        steps_md: exName === 'manual' ? steps : null,
        elevation_required: elevation,
      };
    }
  }
  if (p.list.length > 0 || guid === null || executor === null)
    return { ok: false, problems: p.list };

  const candidate = {
    name: name ?? '',
    description: description?.trimEnd() ?? null,
    procedure_md: procedureMarkdown({
      executor: executor.name,
      elevationRequired: executor.elevation_required,
      command: executor.command,
      cleanupCommand: executor.cleanup_command,
      steps: executor.steps_md,
    }),
    tags: [ATOMICS_TAG],
    expected_iocs: [],
    attack_ids: attackIds,
    platforms,
    executor,
    input_arguments: args,
    dependencies: deps,
    dependency_executor: depExecutor,
  };
  const parsed = TestTemplateFields.safeParse(candidate);
  if (!parsed.success) return { ok: false, problems: issueMessages(parsed.error) };
  return { ok: true, test: { guid, fields: parsed.data, warnings } };
}
