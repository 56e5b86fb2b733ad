import type { ResolvedIntegration } from '../spec/types.js';
import { LICENSES } from '../shared/platformRules.js';
import { sfValue, sfValueProblem } from '../shared/sfValues.js';
import { truncate } from '../shared/text.js';
import { render } from './render.js';

/**
 * The staged rollout of one integration (platform rule run-as-user-must-exist-first): (1) what the user needs,
 * deployed; (2) the user, created; (3) the app whose policies name the user, deployed. Stage 2 is commands, not a
 * deploy, so only stages 1 and 3 have manifests.
 */
export type DeployStage = 1 | 3;

/** Metadata types that belong to the OAuth app, deployed in stage 3; everything else is stage 1. */
const APP_TYPES = new Set([
  'ConnectedApp',
  'ExternalClientApplication',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
]);

export function deployStage(type: string): DeployStage {
  return APP_TYPES.has(type) ? 3 : 1;
}

const STAGE_NAME: Readonly<Record<DeployStage, string>> = { 1: 'access', 3: 'app' };

/** Project-relative path of a stage's manifest. */
export function manifestPath(apiName: string, stage: DeployStage): string {
  return `manifest/${apiName}-${stage}-${STAGE_NAME[stage]}.xml`;
}

/**
 * A package.xml listing exactly `components`, as `sf project generate manifest` writes it: types sorted by name,
 * members sorted, 4-space indent (the test holds it byte-equal to source-deploy-retrieve's own writer).
 */
export function manifestXml(components: Array<{ type: string; name: string }>, apiVersion: string): string {
  const byType = new Map<string, string[]>();
  for (const c of components) byType.set(c.type, [...(byType.get(c.type) ?? []), c.name]);
  // Code-unit order, as source-deploy-retrieve sorts.
  const codeUnits = (a: string, b: string): number => (a > b ? 1 : a < b ? -1 : 0);
  const types = [...byType.entries()]
    .sort(([a], [b]) => codeUnits(a, b))
    .map(([name, members]) => ({ name, members: [...members].sort(codeUnits) }));
  return render('manifest/package.xml', { types, version: apiVersion });
}

/** A shell word in double quotes, with $VARS left to expand (so `$PROFILE_ID` works) and everything else literal. */
function shellDoubleQuoted(text: string, keep: string[]): string {
  let escaped = text.replace(/[\\"$`]/g, '\\$&').replace(/!/g, '"\'!\'"');
  for (const variable of keep) escaped = escaped.split(`\\$${variable}`).join(`$${variable}`);
  return `"${escaped}"`;
}

/** The User record's fields, as the user definition and `sf data create record` both write them. */
export function userFields(i: ResolvedIntegration): Array<[string, string]> {
  const u = i.spec.user;
  const locale = u.locale ?? 'en_US';
  return [
    ['Username', u.username],
    ...(u.firstName ? [['FirstName', u.firstName] as [string, string]] : []),
    ['LastName', defaultLastName(i)],
    ['Email', i.email],
    ['Alias', i.alias],
    ['TimeZoneSidKey', u.timeZone ?? 'America/Los_Angeles'],
    ['LocaleSidKey', locale],
    ['LanguageLocaleKey', locale],
    ['EmailEncodingKey', 'UTF-8'],
  ];
}

/** user.lastName, or '<name> Integration' (80 characters at most; double quotes dropped when both kinds appear). */
function defaultLastName(i: ResolvedIntegration): string {
  if (i.spec.user.lastName) return i.spec.user.lastName;
  const derived = truncate(`${i.label} Integration`, 80);
  return sfValueProblem(derived) ? derived.replace(/"/g, '') : derived;
}

export type UserCommands = {
  profileQuery: string;
  createUser: string;
  assignLicense?: string;
  assignPermissionSet: string;
  verify: string;
};

/** Stage 2 on a production org or sandbox: the commands, each one `sf` invocation, copy-pasteable as written. */
export function userCommands(i: ResolvedIntegration): UserCommands {
  const username = i.spec.user.username;
  const values = [...userFields(i).map(([k, v]) => `${k}=${sfValue(v)}`), 'ProfileId=$PROFILE_ID'].join(' ');
  const psl = LICENSES[i.license].permissionSetLicense;
  return {
    profileQuery: `PROFILE_ID=$(sf data query --query "SELECT Id FROM Profile WHERE Name = '${i.profileName}'" --result-format csv | tail -n 1)`,
    createUser: `sf data create record --sobject User --values ${shellDoubleQuoted(values, ['PROFILE_ID'])}`,
    assignLicense: psl ? `sf org assign permsetlicense --name ${psl.name} --on-behalf-of ${username}` : undefined,
    assignPermissionSet: `sf org assign permset --name ${i.permissionSetName} --on-behalf-of ${username}`,
    verify: `sf data query --query "SELECT Username, Profile.Name, IsActive FROM User WHERE Username = '${username}'"`,
  };
}
