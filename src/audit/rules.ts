import type { RuleFinding, RuleMeta } from '../lint/types.js';
import { LICENSES } from '../shared/platformRules.js';
import type { ResolvedIntegration } from '../spec/types.js';
import {
  applicationName,
  daysBetween,
  effectivePermissions,
  isOnIntegrationLicense,
  systemsOfApplications,
  type RegisteredIntegration,
} from './analysis.js';
import type { AuditObject } from './queries.js';
import { dayOf } from './records.js';
import type { OrgSnapshot, OrgUser } from './snapshot.js';

/** An integration user the audit holds to the practice: registered, or found by what the org says about it. */
export type IntegrationUser = { user: OrgUser; integration?: ResolvedIntegration; evidence?: string };

export type AuditContext = {
  snapshot: OrgSnapshot;
  register: RegisteredIntegration[];
  /** Active integration users, registered ones first. */
  integrationUsers: IntegrationUser[];
  now: number;
  today: string;
  windowDays: number;
  staleDays: number;
  /** Project-relative folder of the specs: where an unregistered user's finding points (its fix is a spec there). */
  registerDir: string;
  /** Words of the org's own name, which tell no system apart. */
  orgWords: ReadonlySet<string>;
};

export type AuditRule = {
  meta: RuleMeta;
  /** Objects without which the rule cannot tell anything: when one is not seen, the rule is reported as not checked. */
  needs: readonly AuditObject[];
  /** Objects of which at least one must be seen. */
  needsOneOf?: readonly AuditObject[];
  check(ctx: AuditContext): RuleFinding[];
};

const docs = (id: string): string => `#audit-${id}`;

function locationOf(ctx: AuditContext, entry: { integration?: ResolvedIntegration }): { path: string } {
  return { path: entry.integration?.specPath ?? ctx.registerDir };
}

function subjectOf(username: string, detail?: string): RuleFinding['subject'] {
  return { type: 'User', name: username.toLowerCase(), ...(detail ? { detail } : {}) };
}

/** "3 × INVALID_PASSWORD, 1 × Failed: Computer activation required", most first. */
function counts(map: Map<string, number>, limit = 5): string {
  const sorted = [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en'));
  const shown = sorted.slice(0, limit).map(([k, n]) => `${n} × ${k}`);
  return sorted.length > limit ? `${shown.join(', ')} and ${sorted.length - limit} more` : shown.join(', ');
}

const unregisteredIntegrationUser: AuditRule = {
  meta: {
    id: 'unregistered-integration-user',
    defaultSeverity: 'warning',
    summary: 'An active integration user of the org that no spec in the register names.',
    why: 'An integration nobody registered has no owner to ask, no scope to hold it to, no expiry and no offboarding: it is the account that outlives the project and the vendor.',
    howToFix:
      'Write a spec for it in integrations/ (owner, support, scope, expiry); `sf integration inventory` drafts one from the source. If nothing uses it any more, deactivate it.',
    docs: docs('unregistered-integration-user'),
    messages: {
      unregistered: '{{username}} is an integration user that no spec in the register names: {{evidence}}.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI1', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'ID.AM', kind: 'relevant' },
    ],
  },
  needs: ['User'],
  check: (ctx) =>
    ctx.integrationUsers
      .filter((u) => !u.integration && u.evidence)
      .map((u) => ({
        messageId: 'unregistered',
        data: { username: u.user.username, evidence: u.evidence ?? '' },
        fix: `Write ${ctx.registerDir}/<system>.yaml with user.username: ${u.user.username}, its owners, scope and expiry, or deactivate the user if no system uses it.`,
        location: locationOf(ctx, u),
        subject: subjectOf(u.user.username),
      })),
};

const registerUserMissing: AuditRule = {
  meta: {
    id: 'register-user-missing',
    defaultSeverity: 'error',
    summary: "A registered integration's user does not exist in the org, is inactive or is frozen.",
    why: 'The register says a system logs in as this user; if the user is gone, the system is down or logs in as someone else.',
    howToFix:
      'Create the user (`sf integration generate` writes its definition), reactivate or unfreeze it, or, if the integration was retired, record that in the spec (lifecycle.expires) and remove it from the register.',
    docs: docs('register-user-missing'),
    messages: {
      missing: '{{name}}: its user {{username}} does not exist in the org.',
      inactive: '{{name}}: its user {{username}} is inactive.',
      frozen: '{{name}}: its user {{username}} is frozen.',
    },
    references: [{ taxonomy: 'NIST-CSF', id: 'ID.AM', kind: 'relevant' }],
  },
  needs: ['User'],
  check: (ctx) =>
    ctx.register.flatMap(({ integration, user }) => {
      // An integration past its expiry whose user is gone or inactive was offboarded as the register says.
      const expires = integration.spec.lifecycle?.expires;
      if (expires && expires < ctx.today && (!user || !user.active || user.frozen)) return [];
      const messageId = !user ? 'missing' : !user.active ? 'inactive' : user.frozen ? 'frozen' : undefined;
      if (!messageId) return [];
      return [
        {
          messageId,
          data: { name: integration.label, username: integration.spec.user.username },
          fix:
            messageId === 'missing'
              ? `Create ${integration.spec.user.username} from the user definition \`sf integration generate\` writes, or correct user.username in ${integration.specPath}.`
              : `Reactivate or unfreeze ${integration.spec.user.username}, or set lifecycle.expires in ${integration.specPath} if the integration was retired.`,
          location: locationOf(ctx, { integration }),
          subject: subjectOf(integration.spec.user.username, messageId),
        },
      ];
    }),
};

const runtimeSharedUser: AuditRule = {
  meta: {
    id: 'runtime-shared-user',
    defaultSeverity: 'error',
    summary: 'One integration user logs in from two or more applications or OAuth apps that are different systems.',
    why: "Records changed by a shared user cannot be told apart by system, a leak of one system's secret opens every other's access, and the user cannot be shrunk or retired without breaking systems nobody listed.",
    howToFix:
      'Give each system its own integration user and OAuth app (a spec each), repoint them one at a time starting with the riskiest, then shrink the shared user and watch Login History for stragglers.',
    docs: docs('runtime-shared-user'),
    messages: {
      shared: '{{username}} is used by {{count}} different systems in the last {{days}} days: {{systems}}.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI9', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'relevant' },
    ],
  },
  needs: ['User'],
  needsOneOf: ['LoginHistory', 'OauthToken'],
  check: (ctx) =>
    ctx.integrationUsers.flatMap((u) => {
      const logins = ctx.snapshot.logins.get(u.user.id);
      const tokens = ctx.snapshot.tokens.get(u.user.id);
      // What each application did in the window: successful logins, and OAuth tokens used.
      const apps = new Map<string, { logins: number; tokens: boolean }>();
      const use = (raw: string): { logins: number; tokens: boolean } => {
        const name = applicationName(raw);
        const entry = apps.get(name) ?? { logins: 0, tokens: false };
        apps.set(name, entry);
        return entry;
      };
      for (const [app, tally] of logins?.byApplication ?? [])
        if (tally.logins > tally.failures) use(app).logins += tally.logins - tally.failures;
      for (const tally of tokens?.values() ?? [])
        if (tally.lastUsed !== undefined && daysBetween(tally.lastUsed, ctx.now) <= ctx.windowDays)
          use(tally.app).tokens = true;
      const systems = systemsOfApplications(apps.keys(), ctx.orgWords);
      if (systems.length < 2) return [];
      const describe = (name: string): string => {
        const entry = apps.get(name);
        const parts = [entry?.logins ? `${entry.logins} login(s)` : '', entry?.tokens ? 'OAuth tokens used' : ''];
        return `${name} (${parts.filter(Boolean).join(', ')})`;
      };
      const shown = systems.map((names) => names.map(describe).join(' / '));
      return [
        {
          messageId: 'shared',
          data: { username: u.user.username, count: systems.length, days: ctx.windowDays, systems: shown.join('; ') },
          fix: `Split ${u.user.username}: one spec, user and OAuth app per system (${systems.map((s) => s[0]).join(', ')}); repoint the riskiest system first in a sandbox.`,
          location: locationOf(ctx, u),
          subject: subjectOf(u.user.username),
        },
      ];
    }),
};

const adminAccess: AuditRule = {
  meta: {
    id: 'admin-access',
    defaultSeverity: 'error',
    summary: 'An integration user holds admin-equivalent permissions, from its profile, a permission set or a group.',
    why: "An integration's credentials live on another system; with admin-equivalent access, whoever takes them can read every record, change every user and rewrite the org.",
    howToFix:
      'Move the user to the Minimum Access - API Only Integrations profile and a permission set that grants only the objects and fields its spec names; remove the permission set or group that grants the admin permission.',
    docs: docs('admin-access'),
    messages: {
      admin: '{{username}} holds admin-equivalent permissions: {{permissions}}.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'relevant' },
    ],
  },
  needs: ['User', 'PermissionSet', 'PermissionSetAssignment'],
  check: (ctx) =>
    ctx.integrationUsers.flatMap((u) => {
      const admin = effectivePermissions(ctx.snapshot, u.user, ctx.now).filter((p) => p.tier);
      if (!admin.length) return [];
      const severity = admin.some((p) => p.tier === 'error') ? 'error' : 'warning';
      // Grouped by where they come from: "ModifyAllData, ViewAllData (profile System Administrator)".
      const bySource = new Map<string, string[]>();
      for (const p of admin)
        bySource.set(p.sources.join(', '), [...(bySource.get(p.sources.join(', ')) ?? []), p.name]);
      const permissions = [...bySource].map(([from, names]) => `${names.join(', ')} (${from})`).join('; ');
      const sources = [...new Set(admin.flatMap((p) => p.sources))];
      return [
        {
          messageId: 'admin',
          severity,
          data: { username: u.user.username, permissions },
          fix: `Remove ${sources.join(', ')} from ${u.user.username}, or the admin permissions from them; grant what ${u.integration ? u.integration.specPath : 'its spec'} names through the integration's own permission set.`,
          location: locationOf(ctx, u),
          subject: subjectOf(u.user.username),
        },
      ];
    }),
};

const staleAccess: AuditRule = {
  meta: {
    id: 'stale-access',
    defaultSeverity: 'warning',
    summary:
      'An integration user with no login and no token use for the stale period, or OAuth tokens unused that long.',
    why: 'Access nobody uses is access nobody watches: an unused user or token is a credential that can be abused without anyone noticing the change.',
    howToFix:
      'Confirm with the owner that the system is retired; deactivate the user or revoke the tokens (Setup > Connected Apps OAuth Usage), and record the offboarding in the spec.',
    docs: docs('stale-access'),
    messages: {
      staleUser: '{{username}} has not logged in or used a token for {{days}} days ({{last}}).',
      neverUsed: '{{username}} has never logged in or used a token.',
      staleToken: "{{username}}'s OAuth token(s) for {{app}} have not been used for {{days}} days ({{last}}).",
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI1', kind: 'relevant' },
      { taxonomy: 'OWASP-NHI', id: 'NHI7', kind: 'relevant' },
    ],
  },
  needs: ['User', 'OauthToken'],
  check: (ctx) =>
    ctx.integrationUsers.flatMap((u) => {
      if (u.user.frozen) return [];
      const out: RuleFinding[] = [];
      const tokens = [...(ctx.snapshot.tokens.get(u.user.id)?.values() ?? [])];
      const times = [u.user.lastLogin, ctx.snapshot.logins.get(u.user.id)?.last, ...tokens.map((t) => t.lastUsed)];
      const last = Math.max(...times.filter((t): t is number => t !== undefined));
      const since = Number.isFinite(last) ? last : u.user.created;
      // A user created within the period may simply not have started yet; one never used whose creation the export
      // does not say is reported as never used.
      const stale = since === undefined || daysBetween(since, ctx.now) > ctx.staleDays;
      if (stale) {
        out.push({
          messageId: since === undefined ? 'neverUsed' : 'staleUser',
          data: {
            username: u.user.username,
            days: since === undefined ? ctx.staleDays : daysBetween(since, ctx.now),
            last: Number.isFinite(last) ? `last used ${dayOf(last)}` : `never used, created ${dayOf(since ?? 0)}`,
          },
          fix: `Ask the owner of ${u.integration?.label ?? u.user.username} whether the system still runs; if not, deactivate ${u.user.username} and record the offboarding.`,
          location: locationOf(ctx, u),
          subject: subjectOf(u.user.username, 'user'),
        });
      }
      // A stale user's tokens are stale with it: one finding. An active user's unused tokens are their own.
      for (const token of stale ? [] : tokens.sort((a, b) => a.app.localeCompare(b.app, 'en'))) {
        const used = token.lastUsed ?? token.created;
        if (used === undefined || daysBetween(used, ctx.now) <= ctx.staleDays) continue;
        out.push({
          messageId: 'staleToken',
          data: {
            username: u.user.username,
            app: token.app,
            days: daysBetween(used, ctx.now),
            last: token.lastUsed ? `last used ${dayOf(token.lastUsed)}` : `never used, issued ${dayOf(used)}`,
          },
          fix: `Revoke ${u.user.username}'s tokens for ${token.app} (Setup > Connected Apps OAuth Usage) unless the owner confirms the app still runs.`,
          location: locationOf(ctx, u),
          subject: subjectOf(u.user.username, `token:${token.app.toLowerCase()}`),
        });
      }
      return out;
    }),
};

const licenseBudget: AuditRule = {
  meta: {
    id: 'license-budget',
    defaultSeverity: 'warning',
    summary:
      'The register needs more Salesforce Integration licenses (or Salesforce API Integration permission set licenses) than the org owns.',
    why: 'An integration that cannot get its API-only license ends up on a full Salesforce license, or shares another integration’s user.',
    howToFix:
      'Free licenses held by retired integrations, buy more (five come with Enterprise, Unlimited and Performance editions), or give the lowest-risk integration a full license with a reason (user.licenseReason).',
    docs: docs('license-budget'),
    messages: {
      userLicense:
        'The register needs {{needed}} more {{license}} license(s) than are free: {{used}} of {{total}} are used, {{short}} short.',
      permissionSetLicense:
        'The register needs {{needed}} more {{license}} permission set license(s) than are free: {{used}} of {{total}} are used, {{short}} short.',
    },
    references: [{ taxonomy: 'NIST-CSF', id: 'ID.AM', kind: 'relevant' }],
  },
  needs: ['User', 'UserLicense'],
  check: (ctx) => {
    // Integrations past their expiry need no license: they are to be offboarded, not set up.
    const wanting = ctx.register.filter(
      (r) =>
        r.integration.license === 'integration' &&
        !(r.integration.spec.lifecycle?.expires && r.integration.spec.lifecycle.expires < ctx.today),
    );
    const out: RuleFinding[] = [];
    const licenseName = LICENSES.integration.userLicense;
    const userLicense = ctx.snapshot.userLicenses.get(licenseName.toLowerCase()) ?? { total: 0, used: 0 };
    const needLicense = wanting.filter((r) => !r.user || !r.user.active || !isOnIntegrationLicense(r.user)).length;
    const short = userLicense.used + needLicense - userLicense.total;
    if (needLicense > 0 && short > 0)
      out.push({
        messageId: 'userLicense',
        data: { needed: needLicense, license: licenseName, used: userLicense.used, total: userLicense.total, short },
        location: { path: ctx.registerDir },
        subject: { type: 'UserLicense', name: licenseName },
      });
    const psl = LICENSES.integration.permissionSetLicense;
    if (ctx.snapshot.coverage.get('PermissionSetLicense')?.status !== 'not-seen') {
      const owned = ctx.snapshot.permissionSetLicenses.get(psl.name.toLowerCase()) ?? { total: 0, used: 0 };
      const holders =
        ctx.snapshot.coverage.get('PermissionSetLicenseAssign')?.status === 'not-seen'
          ? undefined
          : ctx.snapshot.integrationPslHolders;
      const needPsl = holders ? wanting.filter((r) => !r.user || !holders.has(r.user.id)).length : 0;
      const pslShort = owned.used + needPsl - owned.total;
      if (needPsl > 0 && pslShort > 0)
        out.push({
          messageId: 'permissionSetLicense',
          data: { needed: needPsl, license: psl.label, used: owned.used, total: owned.total, short: pslShort },
          location: { path: ctx.registerDir },
          subject: { type: 'PermissionSetLicense', name: psl.name },
        });
    }
    return out;
  },
};

const setupChangeByIntegration: AuditRule = {
  meta: {
    id: 'setup-change-by-integration',
    defaultSeverity: 'warning',
    summary: 'Setup changes (Setup Audit Trail) made by an integration user.',
    why: 'An integration that changes setup holds more than data access, and a change made under its name cannot be traced to a person who approved it.',
    howToFix:
      'Find who or what made the changes (a person with the shared password, a deployment tool); give deployments their own user with its own spec, and take the setup permissions away from the integration.',
    docs: docs('setup-change-by-integration'),
    messages: {
      changes:
        '{{username}} made {{count}} setup change(s) in the last {{days}} days ({{sections}}); latest {{latest}}.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI10', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'DE.CM', kind: 'relevant' },
    ],
  },
  needs: ['User', 'SetupAuditTrail'],
  check: (ctx) =>
    ctx.integrationUsers.flatMap((u) => {
      const tally = ctx.snapshot.setupChanges.get(u.user.id);
      if (!tally?.total) return [];
      const latest = tally.latest[0];
      return [
        {
          messageId: 'changes',
          data: {
            username: u.user.username,
            count: tally.total,
            days: ctx.windowDays,
            sections: counts(tally.bySection),
            latest: `${dayOf(latest.date)}: ${latest.display || latest.action}`,
          },
          fix: `Ask the owner of ${u.integration?.label ?? u.user.username} who made these changes; remove ${u.user.username}'s setup permissions (Customize Application, Modify Metadata, Manage Users).`,
          location: locationOf(ctx, u),
          subject: subjectOf(u.user.username),
        },
      ];
    }),
};

const registerExpired: AuditRule = {
  meta: {
    id: 'register-expired',
    defaultSeverity: 'error',
    summary: 'A registered integration is past its expiry (lifecycle.expires) and its user is still active.',
    why: 'The expiry is when the owner promised to renew or retire the integration; an active user past it is access nobody has re-approved.',
    howToFix:
      'Renew it with its owner (a new lifecycle.expires after a review), or run its offboarding steps: deactivate the user, revoke its tokens, remove its OAuth app.',
    docs: docs('register-expired'),
    messages: {
      expired: '{{name}} expired on {{expires}} and its user {{username}} is still active.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI1', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'GV.OV', kind: 'relevant' },
    ],
  },
  needs: ['User'],
  check: (ctx) =>
    ctx.register.flatMap(({ integration, user }) => {
      const expires = integration.spec.lifecycle?.expires;
      if (!expires || expires >= ctx.today || !user?.active || user.frozen) return [];
      return [
        {
          messageId: 'expired',
          data: { name: integration.label, expires, username: user.username },
          fix: `Renew ${integration.label} with its owners (${integration.spec.owners.business}, ${integration.spec.owners.technical}) and a new lifecycle.expires in ${integration.specPath}, or offboard it: ${(integration.spec.lifecycle?.offboarding ?? ['deactivate the user', 'revoke its tokens']).join('; ')}.`,
          location: locationOf(ctx, { integration }),
          subject: subjectOf(user.username),
        },
      ];
    }),
};

const loginFailures: AuditRule = {
  meta: {
    id: 'login-failures',
    defaultSeverity: 'warning',
    summary: 'An integration user with failed logins in the window.',
    why: 'Failed logins of an integration are a rotated secret a system still uses, a frozen user, a blocked IP, or someone trying the password.',
    howToFix:
      'Read the reasons and source IPs: update the system that still uses the old secret, allow its IP range in the spec, or, if the source is unknown, reset the credentials and tell the owner.',
    docs: docs('login-failures'),
    messages: {
      failures: '{{username}} had {{count}} failed login(s) in the last {{days}} days: {{reasons}}; from {{sources}}.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI4', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'DE.AE', kind: 'relevant' },
    ],
  },
  needs: ['User', 'LoginHistory'],
  check: (ctx) =>
    ctx.integrationUsers.flatMap((u) => {
      const tally = ctx.snapshot.logins.get(u.user.id);
      if (!tally?.failures) return [];
      return [
        {
          messageId: 'failures',
          data: {
            username: u.user.username,
            count: tally.failures,
            days: ctx.windowDays,
            reasons: counts(tally.failuresByStatus),
            sources: counts(tally.failuresBySource),
          },
          fix: `Tell the owner of ${u.integration?.label ?? u.user.username}: a system may still use a rotated secret, or the source IPs are not the system's.`,
          location: locationOf(ctx, u),
          subject: subjectOf(u.user.username),
        },
      ];
    }),
};

/** Every audit rule, in the order the report lists them. */
export const AUDIT_RULES: readonly AuditRule[] = [
  unregisteredIntegrationUser,
  registerUserMissing,
  runtimeSharedUser,
  adminAccess,
  staleAccess,
  licenseBudget,
  setupChangeByIntegration,
  registerExpired,
  loginFailures,
];
