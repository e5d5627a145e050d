/**
 * Query-key factory: every cache key is built here so invalidation can target
 * a whole family (`queryKeys.system.all`) or one entry (`queryKeys.job(id)`).
 */
export const queryKeys = {
  system: {
    all: ['system'] as const,
  },
  health: () => [...queryKeys.system.all, 'health'] as const,
  ready: () => [...queryKeys.system.all, 'ready'] as const,
  jobs: {
    all: ['jobs'] as const,
  },
  job: (id: string) => [...queryKeys.jobs.all, id] as const,
  me: () => ['me'] as const,
  sessions: () => ['me', 'sessions'] as const,
  tokens: () => ['me', 'tokens'] as const,
  users: {
    all: ['users'] as const,
  },
  userList: (filters: Record<string, string | undefined>) =>
    [...queryKeys.users.all, 'list', filters] as const,
  roles: () => ['roles'] as const,
  settings: () => ['settings'] as const,
  audit: {
    all: ['audit'] as const,
  },
  auditPage: (filters: Record<string, string | undefined>) =>
    [...queryKeys.audit.all, 'list', filters] as const,
  attack: {
    /** Everything ATT&CK: invalidated when an import finishes. */
    all: ['attack'] as const,
  },
  attackReleases: () => [...queryKeys.attack.all, 'releases'] as const,
  attackMatrix: (filters: Record<string, string>) =>
    [...queryKeys.attack.all, 'matrix', filters] as const,
  attackTechnique: (id: string) => [...queryKeys.attack.all, 'technique', id] as const,
  attackGroups: (filters: Record<string, string | undefined>) =>
    [...queryKeys.attack.all, 'groups', filters] as const,
  attackGroup: (id: string) => [...queryKeys.attack.all, 'group', id] as const,
  attackDiff: (from: string, to: string) => [...queryKeys.attack.all, 'diff', from, to] as const,
  attackTechniqueSearch: (q: string) => [...queryKeys.attack.all, 'technique-search', q] as const,
  library: {
    /** Test and scenario templates (scenarios embed test summaries). */
    all: ['library'] as const,
  },
  libraryTests: () => [...queryKeys.library.all, 'tests'] as const,
  libraryTestList: (filters: Record<string, string | undefined>) =>
    [...queryKeys.libraryTests(), 'list', filters] as const,
  libraryTest: (id: string) => [...queryKeys.libraryTests(), 'detail', id] as const,
  libraryScenarios: () => [...queryKeys.library.all, 'scenarios'] as const,
  libraryScenarioList: (filters: Record<string, string | undefined>) =>
    [...queryKeys.libraryScenarios(), 'list', filters] as const,
  libraryScenario: (id: string) => [...queryKeys.libraryScenarios(), 'detail', id] as const,
  libraryTestPicker: (q: string) => [...queryKeys.libraryTests(), 'picker', q] as const,
  libraryFromGroup: (groupId: string) => [...queryKeys.library.all, 'from-group', groupId] as const,
  clients: {
    all: ['clients'] as const,
  },
  clientList: () => [...queryKeys.clients.all, 'list'] as const,
  missions: {
    /** Missions, their members, plans and assets. */
    all: ['missions'] as const,
  },
  missionList: (filters: Record<string, string | undefined>) =>
    [...queryKeys.missions.all, 'list', filters] as const,
  mission: (id: string) => [...queryKeys.missions.all, 'detail', id] as const,
  missionMembers: (id: string) => [...queryKeys.mission(id), 'members'] as const,
  missionPlan: (id: string) => [...queryKeys.mission(id), 'plan'] as const,
  missionAssets: (id: string) => [...queryKeys.mission(id), 'assets'] as const,
  /** Every test detail of a mission (live events invalidate them). */
  missionTests: (missionId: string) => [...queryKeys.mission(missionId), 'test'] as const,
  missionTest: (missionId: string, testId: string) =>
    [...queryKeys.missionTests(missionId), testId] as const,
  detectionLevels: () => ['detection-levels'] as const,
  /**
   * Every results query of a mission (live updates invalidate it). Not under the mission's own
   * key: list refreshes (after a delete, say) must not refetch a gone mission's dashboard.
   */
  results: (missionId: string) => ['results', missionId] as const,
  dashboard: (missionId: string, basis: string) =>
    [...queryKeys.results(missionId), 'dashboard', basis] as const,
  heatmap: (missionId: string, rule: string, basis: string) =>
    [...queryKeys.results(missionId), 'heatmap', rule, basis] as const,
  resultTests: (missionId: string, filter: object | null) =>
    [...queryKeys.results(missionId), 'tests', filter] as const,
  coverage: (query: string) => ['coverage', query] as const,
  reports: (missionId: string) => ['reports', missionId] as const,
  report: (id: string) => ['report', id] as const,
  executiveSummary: (missionId: string) => ['executive-summary', missionId] as const,
  redactionPreview: (missionId: string, options: object) =>
    ['redaction-preview', missionId, options] as const,
  /** The caller's work queue (home page). */
  myQueue: () => ['me', 'queue'] as const,
  threats: {
    all: ['threats'] as const,
    client: (clientId: string) => ['threats', clientId] as const,
    profiles: (clientId: string) => ['threats', clientId, 'profiles'] as const,
    profile: (clientId: string, id: string) => ['threats', clientId, 'profile', id] as const,
    coverage: (clientId: string, id: string) =>
      ['threats', clientId, 'profile', id, 'coverage'] as const,
    next: (clientId: string, id: string) => ['threats', clientId, 'profile', id, 'next'] as const,
    dettect: (clientId: string) => ['threats', clientId, 'dettect'] as const,
    claimedVsTested: (clientId: string, profileId: string) =>
      ['threats', clientId, 'dettect', 'claimed-vs-tested', profileId] as const,
  },
  memberCandidates: (missionId: string, query: string) =>
    ['missions', 'detail', missionId, 'members', 'candidates', query] as const,
  attackDiffs: () => ['attack', 'diff'] as const,
  oidcConfig: () => ['system', 'oidc'] as const,
  findings: {
    all: ['findings'] as const,
    /** Every findings query of a mission (live `finding.changed` events invalidate it). */
    mission: (missionId: string) => ['findings', missionId] as const,
    list: (missionId: string) => ['findings', missionId, 'list'] as const,
    compare: (id: string, otherId: string) => ['compare', id, otherId] as const,
  },
} as const;
