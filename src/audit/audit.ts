import path from 'node:path';
import { materialize } from '../lint/findings.js';
import {
  severityRank,
  type Finding,
  type LintSummary,
  type RuleMeta,
  type Severity,
  type Threshold,
} from '../lint/types.js';
import { DEFAULT_SPEC_GLOB, NO_MATCH, resolveSpecFiles } from '../generate/generate.js';
import { formatProblems, loadSpecs } from '../spec/load.js';
import type { ResolvedIntegration } from '../spec/types.js';
import {
  applicationName,
  effectivePermissions,
  integrationEvidence,
  isPlatformUser,
  matchRegister,
  orgNameWords,
  systemsOfApplications,
  type EffectivePermission,
} from './analysis.js';
import { AUDIT_QUERIES, windowStart, type AuditObject } from './queries.js';
import { dayOf } from './records.js';
import { AUDIT_RULES, type AuditContext, type AuditRule, type IntegrationUser } from './rules.js';
import { ABSORB, emptySnapshot, type LoginTally, type OrgSnapshot, type OrgUser, type TokenTally } from './snapshot.js';
import type { AuditSource, ReadOutcome } from './sources.js';

export type AuditOptions = {
  projectRoot: string;
  source: AuditSource;
  /** Spec files or globs; default integrations/*.yaml (and .yml, .json) of the project. */
  specs?: string[];
  cwd?: string;
  /** Days of LoginHistory and Setup Audit Trail to read. */
  windowDays: number;
  /** Days without a login or token use after which access is stale. */
  staleDays: number;
  now?: Date;
  threshold?: Threshold;
};

/** The register could not be read: its problems, with file, line and column. */
export class AuditRegisterError extends Error {}

/** Nothing the rules need could be read: an audit of nothing is an error, never a clean result. */
export class NothingSeenError extends Error {}

/** What the audit read of an object, and what it is for; a supplementary object's absence leaves the audit complete. */
export type AuditCoverage = ReadOutcome & { file: string; purpose: string; needed: string[]; supplementary?: boolean };

/** What the org says about one integration user. */
export type AuditedUser = {
  username: string;
  /** The register's name for it; absent for an unregistered integration user. */
  integration?: string;
  specPath?: string;
  owners?: { business: string; technical: string };
  expires?: string;
  expectedDailyVolume?: number | string;
  /** Why it counts as an integration user, when no spec names it. */
  evidence?: string;
  found: boolean;
  active?: boolean;
  frozen?: boolean;
  license?: string;
  profile?: string;
  lastLogin?: string;
  /** Admin-equivalent permissions and where they come from; API Only is listed as such. */
  permissions: Array<{ name: string; tier?: string; sources: string[] }>;
  logins: {
    total: number;
    failures: number;
    byApplication: Array<{ application: string; logins: number; failures: number; apiTypes: string[] }>;
    sourceIps: number;
  };
  tokens: Array<{ app: string; tokens: number; uses: number; lastUsed?: string }>;
  setupChanges: number;
  /** API calls per day from the ApiTotalUsage event log files, where the org (or the export) has them. */
  apiCalls?: {
    total: number;
    days: Array<{ date: string; calls: number }>;
    byClient: Array<{ client: string; calls: number }>;
  };
};

export type AuditResult = {
  projectRoot: string;
  source: { kind: 'org' | 'directory'; description: string };
  window: { since: string; until: string; days: number };
  staleDays: number;
  /** Each object read, how much of it was seen, and why not all of it. */
  coverage: AuditCoverage[];
  /** Rules that could not be checked, and why: never shown as clean. */
  notChecked: Array<{ rule: string; because: string }>;
  /** The register's integrations, then the unregistered integration users. */
  users: AuditedUser[];
  licenses: Array<{ name: string; label: string; total: number; used: number }>;
  /**
   * The applications and OAuth apps integration users log in from or hold tokens for: whether the org has a connected
   * app of that name (unknown when ConnectedApplication was not seen; an External Client App is not listed there)
   * and whether only admin-approved users may use it.
   */
  apps: Array<{ name: string; connectedApp?: boolean; adminApprovedOnly?: boolean; users: string[] }>;
  findings: Finding[];
  summary: LintSummary & { rows: number; registered: number; integrationUsers: number; complete: boolean };
  rules: Array<RuleMeta & { severity: Severity }>;
  threshold: Threshold;
  failed: boolean;
  expiredSuppressions: [];
  durationMs: number;
};

async function loadRegister(options: AuditOptions): Promise<ResolvedIntegration[]> {
  const cwd = options.cwd ?? options.projectRoot;
  const patterns = options.specs?.length
    ? options.specs
    : [
        path
          .join(path.relative(cwd, options.projectRoot) || '.', DEFAULT_SPEC_GLOB)
          .split(path.sep)
          .join('/'),
      ];
  const found = await resolveSpecFiles(patterns, cwd);
  // Without --spec, an empty integrations/ is a register with nothing in it: every integration user is unregistered.
  const problems = options.specs?.length ? found.problems : found.problems.filter((p) => p.message !== NO_MATCH);
  if (problems.length) throw new AuditRegisterError(formatProblems(problems));
  const { integrations, problems: specProblems } = await loadSpecs(found.files, options.projectRoot);
  if (specProblems.length) throw new AuditRegisterError(formatProblems(specProblems));
  return integrations;
}

/** Reads every object into the snapshot, a page at a time, in the catalogue's order (users before their logins). */
async function readOrg(source: AuditSource, since: string): Promise<OrgSnapshot> {
  const snapshot = emptySnapshot();
  for (const query of AUDIT_QUERIES) {
    const absorb = ABSORB[query.object];
    // eslint-disable-next-line no-await-in-loop
    const outcome = await source.read(query, since, (rows) => rows.forEach((row) => absorb(snapshot, row)));
    snapshot.coverage.set(query.object, outcome);
  }
  qualifyByRunningUser(snapshot);
  return snapshot;
}

/**
 * Without Manage Users (or Monitor Login History), LoginHistory and OauthToken answer with the running user's own rows
 * only: a result that looks complete and is not. Said as partial coverage.
 */
function qualifyByRunningUser(snapshot: OrgSnapshot): void {
  const running = snapshot.runningUser;
  const limit = (object: AuditObject, allowed: boolean, permission: string): void => {
    const outcome = snapshot.coverage.get(object);
    if (!outcome || outcome.status === 'not-seen' || allowed) return;
    outcome.status = 'partial';
    outcome.reason = `the user the ${object} rows were read as lacks ${permission}, so they hold only that user's own rows`;
  };
  if (!running) return;
  limit('LoginHistory', running.manageUsers || running.monitorLoginHistory, 'Manage Users or Monitor Login History');
  limit('OauthToken', running.manageUsers, 'Manage Users');
  limit('SetupAuditTrail', running.viewSetup, 'View Setup and Configuration');
}

/** The integration users the rules look at: the register's (when the org has them) and those the org reveals. */
function integrationUsersOf(
  snapshot: OrgSnapshot,
  register: ReturnType<typeof matchRegister>,
  now: number,
): IntegrationUser[] {
  const registered = new Map<string, ResolvedIntegration>();
  for (const r of register) if (r.user) registered.set(r.user.id, r.integration);
  const out: IntegrationUser[] = [];
  for (const r of register) if (r.user?.active) out.push({ user: r.user, integration: r.integration });
  const others = [...snapshot.users.values()]
    .filter((u) => u.active && !registered.has(u.id) && !isPlatformUser(u))
    .sort((a, b) => a.username.localeCompare(b.username, 'en'));
  for (const user of others) {
    const evidence = integrationEvidence(snapshot, user, now);
    if (evidence) out.push({ user, evidence });
  }
  return out;
}

function notChecked(rule: AuditRule, coverage: Map<AuditObject, ReadOutcome>): string | undefined {
  const missing = rule.needs.filter((o) => coverage.get(o)?.status === 'not-seen');
  if (missing.length) return `${missing.join(', ')} not seen`;
  const any = rule.needsOneOf;
  if (any?.every((o) => coverage.get(o)?.status === 'not-seen')) return `none of ${any.join(', ')} seen`;
  return undefined;
}

/** What the register says about an integration. */
function registerFacts(integration: ResolvedIntegration | undefined): Partial<AuditedUser> {
  if (!integration) return {};
  const { lifecycle, api, owners } = integration.spec;
  return {
    integration: integration.label,
    specPath: integration.specPath,
    owners,
    ...(lifecycle?.expires ? { expires: lifecycle.expires } : {}),
    ...(api?.dailyVolume !== undefined ? { expectedDailyVolume: api.dailyVolume } : {}),
  };
}

/** What the org says about the user itself. */
function userFacts(user: OrgUser | undefined): Partial<AuditedUser> {
  if (!user) return {};
  return {
    active: user.active,
    frozen: user.frozen,
    ...(user.license ? { license: user.license } : {}),
    ...(user.profile ? { profile: user.profile } : {}),
    ...(user.lastLogin !== undefined ? { lastLogin: new Date(user.lastLogin).toISOString() } : {}),
  };
}

function loginFacts(logins: LoginTally | undefined): AuditedUser['logins'] {
  return {
    total: logins?.total ?? 0,
    failures: logins?.failures ?? 0,
    byApplication: [...(logins?.byApplication ?? [])]
      .map(([application, t]) => ({
        application,
        logins: t.logins,
        failures: t.failures,
        apiTypes: [...t.apiTypes].sort(),
      }))
      .sort((a, b) => b.logins - a.logins || a.application.localeCompare(b.application, 'en')),
    sourceIps: logins?.sourceIps.size ?? 0,
  };
}

function tokenFacts(tokens: Iterable<TokenTally>): AuditedUser['tokens'] {
  return [...tokens]
    .map((t) => ({
      app: t.app,
      tokens: t.tokens,
      uses: t.uses,
      ...(t.lastUsed !== undefined ? { lastUsed: new Date(t.lastUsed).toISOString() } : {}),
    }))
    .sort((a, b) => a.app.localeCompare(b.app, 'en'));
}

function audited(
  snapshot: OrgSnapshot,
  entry: { user?: OrgUser; integration?: ResolvedIntegration; evidence?: string },
  username: string,
  now: number,
): AuditedUser {
  const { user } = entry;
  const permissions: EffectivePermission[] = user ? effectivePermissions(snapshot, user, now) : [];
  return {
    username,
    ...registerFacts(entry.integration),
    ...(entry.evidence ? { evidence: entry.evidence } : {}),
    found: Boolean(user),
    ...userFacts(user),
    permissions: permissions.map((p) => ({ name: p.name, ...(p.tier ? { tier: p.tier } : {}), sources: p.sources })),
    logins: loginFacts(user ? snapshot.logins.get(user.id) : undefined),
    tokens: tokenFacts(user ? (snapshot.tokens.get(user.id)?.values() ?? []) : []),
    setupChanges: user ? (snapshot.setupChanges.get(user.id)?.total ?? 0) : 0,
    ...apiCallFacts(user ? snapshot.apiCalls.get(user.id) : undefined),
  };
}

function apiCallFacts(
  calls: OrgSnapshot['apiCalls'] extends Map<string, infer V> ? V | undefined : never,
): Partial<AuditedUser> {
  if (!calls) return {};
  const sorted = (map: Map<string, number>): Array<[string, number]> =>
    [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en'));
  return {
    apiCalls: {
      total: calls.total,
      days: [...calls.byDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, n]) => ({ date, calls: n })),
      byClient: sorted(calls.byClient).map(([client, n]) => ({ client, calls: n })),
    },
  };
}

function compare(a: Finding, b: Finding): number {
  return (
    a.location.path.localeCompare(b.location.path, 'en') ||
    a.ruleId.localeCompare(b.ruleId, 'en') ||
    a.message.localeCompare(b.message, 'en')
  );
}

/** The apps integration users use, with what the org says about each. */
function appsOf(snapshot: OrgSnapshot, users: IntegrationUser[]): AuditResult['apps'] {
  const byName = new Map<string, Set<string>>();
  for (const { user } of users) {
    const names = [
      ...(snapshot.logins.get(user.id)?.byApplication.keys() ?? []),
      ...(snapshot.tokens.get(user.id)?.keys() ?? []),
    ];
    for (const raw of names) {
      const name = applicationName(raw);
      if (!systemsOfApplications([name]).length) continue;
      byName.set(name, (byName.get(name) ?? new Set()).add(user.username));
    }
  }
  const seen = snapshot.coverage.get('ConnectedApplication')?.status === 'read';
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([name, names]) => {
      const app = snapshot.connectedApps.get(name.toLowerCase());
      return {
        name,
        ...(seen ? { connectedApp: Boolean(app) } : {}),
        ...(app?.adminApprovedOnly !== undefined ? { adminApprovedOnly: app.adminApprovedOnly } : {}),
        users: [...names].sort((a, b) => a.localeCompare(b, 'en')),
      };
    });
}

/** Reads the org (or its export), holds it against the register and reports what the practice asks. Read-only. */
export async function audit(options: AuditOptions, rules: readonly AuditRule[] = AUDIT_RULES): Promise<AuditResult> {
  const started = process.hrtime.bigint();
  const projectRoot = path.resolve(options.projectRoot);
  const nowDate = options.now ?? new Date();
  const now = nowDate.getTime();
  const since = windowStart(nowDate, options.windowDays);
  const integrations = await loadRegister({ ...options, projectRoot });
  const snapshot = await readOrg(options.source, since);
  const required = AUDIT_QUERIES.filter((q) => !q.supplementary);
  if (required.every((q) => snapshot.coverage.get(q.object)?.status === 'not-seen'))
    throw new NothingSeenError(
      `Nothing could be read from ${options.source.description}: ${required
        .map((q) => snapshot.coverage.get(q.object)?.reason ?? q.object)
        .join('; ')}`,
    );
  const register = matchRegister(integrations, snapshot.users.values());
  const integrationUsers = integrationUsersOf(snapshot, register, now);
  const registerDir = path.dirname(DEFAULT_SPEC_GLOB);
  const ctx: AuditContext = {
    snapshot,
    register,
    integrationUsers,
    now,
    today: dayOf(now),
    windowDays: options.windowDays,
    staleDays: options.staleDays,
    registerDir,
    orgWords: orgNameWords(snapshot.users.values()),
  };

  const findings: Finding[] = [];
  const skipped: AuditResult['notChecked'] = [];
  for (const rule of rules) {
    const because = notChecked(rule, snapshot.coverage);
    if (because) {
      skipped.push({ rule: rule.meta.id, because });
      continue;
    }
    findings.push(...materialize(rule, rule.check(ctx), (f) => f.severity ?? rule.meta.defaultSeverity));
  }
  if (skipped.length === rules.length)
    throw new NothingSeenError(
      `No rule could be checked: ${[...snapshot.coverage.values()]
        .filter((c) => c.status === 'not-seen' && required.some((q) => q.object === c.object))
        .map((c) => c.reason ?? c.object)
        .join('; ')}`,
    );
  findings.sort(compare);

  const coverage: AuditCoverage[] = AUDIT_QUERIES.map((q) => ({
    ...(snapshot.coverage.get(q.object) ?? { object: q.object, status: 'not-seen', rows: 0, query: '' }),
    file: q.eventLog ? `${q.file}/*.csv` : q.file,
    purpose: q.purpose,
    needed: [...q.needed],
    ...(q.supplementary ? { supplementary: true } : {}),
  }));
  const registeredIds = new Set(register.flatMap((r) => (r.user ? [r.user.id] : [])));
  const users = [
    ...register.map((r) => audited(snapshot, r, r.integration.spec.user.username, now)),
    ...integrationUsers
      .filter((u) => !registeredIds.has(u.user.id))
      .map((u) => audited(snapshot, u, u.user.username, now)),
  ];
  const threshold = options.threshold ?? 'error';
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return {
    projectRoot,
    source: { kind: options.source.kind, description: options.source.description },
    window: { since, until: windowStart(nowDate, 0), days: options.windowDays },
    staleDays: options.staleDays,
    coverage,
    notChecked: skipped,
    users,
    licenses: [...snapshot.userLicenses.values(), ...snapshot.permissionSetLicenses.values()]
      .filter((l) => /integration/i.test(`${l.name} ${l.label}`))
      .map((l) => ({ name: l.name, label: l.label, total: l.total, used: l.used })),
    apps: appsOf(snapshot, integrationUsers),
    findings,
    summary: {
      files: coverage.filter((c) => c.status !== 'not-seen').length,
      rows: coverage.reduce((sum, c) => sum + c.rows, 0),
      registered: integrations.length,
      integrationUsers: integrationUsers.length,
      complete: coverage.every((c) => c.status === 'read' || c.supplementary) && skipped.length === 0,
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
      suppressed: 0,
      baselined: 0,
    },
    rules: rules.map((r) => ({ ...r.meta, severity: r.meta.defaultSeverity })),
    threshold,
    failed: threshold !== 'none' && findings.some((f) => severityRank(f.severity) >= severityRank(threshold)),
    expiredSuppressions: [],
    durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
  };
}
