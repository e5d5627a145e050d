import type { DefenceLayer, ExecutorName, ExpectedOutcome } from '@metamorph/contract';

export const EXECUTOR_LABELS: Record<ExecutorName, string> = {
  command_prompt: 'Command Prompt',
  powershell: 'PowerShell',
  sh: 'sh',
  bash: 'bash',
  manual: 'Manual steps',
};

export const LAYER_LABELS: Record<DefenceLayer, string> = {
  edr: 'EDR',
  siem: 'SIEM',
  av: 'Antivirus',
  firewall: 'Firewall',
  proxy: 'Proxy',
  email_gateway: 'Email gateway',
  ndr: 'NDR',
  other: 'Other',
};

export const EXPECTATION_LABELS: Record<ExpectedOutcome['expectation'], string> = {
  prevent: 'Prevent',
  alert: 'Alert',
  log: 'Log',
  none: 'Nothing expected',
};

export const EXPECTATION_COLORS: Record<ExpectedOutcome['expectation'], string> = {
  prevent: 'teal',
  alert: 'blue',
  log: 'gray',
  none: 'dark',
};

/** Select options from a label map, in its order. */
export function optionsOf<K extends string>(labels: Record<K, string>) {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}
