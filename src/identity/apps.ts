import type { XmlFile } from '../lint/types.js';
import { children, childText, childTexts } from '../lint/xml.js';
import { describeNameEvidence, integrationNameEvidence } from './names.js';

/**
 * Who logs in through an OAuth app: an external system (an integration), people (single sign-on, canvas and mobile
 * apps, developer tools, Experience Cloud sites), or nobody can tell. Read by the oauth-app-policy rule, which holds
 * integrations to a stricter policy than the apps people sign in to.
 *
 * Evidence, strongest first:
 * 1. Machine credentials: a client-credentials run-as user or flow, a JWT bearer certificate. Only a system logs in
 * with those, so they decide, whatever else the app has (a JWT app keeps its localhost callback from testing).
 * 2. What people log in through: SAML, canvas, mobile, a localhost or custom URL-scheme callback, an Experience Cloud
 * site (its callback host, headless login, sign-up scopes), the device flow.
 * 3. Words: names, labels and descriptions with integration vocabulary or a known vendor (vendors.ts) say integration;
 * a description or label that says people sign in ("analysts sign in", "SSO"), or the OpenID scope, say people.
 * Words alone decide only when they all point one way; when they disagree the app is `unknown`.
 */
export type AppKind = 'integration' | 'human' | 'unknown';

export type AppAudience = {
  kind: AppKind;
  /** Short phrases that point to an integration: "client-credentials run-as user crm@acme.com", "named for MuleSoft". */
  integration: string[];
  /** Short phrases that point to people: "SAML single sign-on", "localhost callback (developer tool)", "canvas app". */
  human: string[];
};

type Clue = { side: 'integration' | 'human'; decisive: boolean; phrase: string };

const machine = (phrase: string): Clue => ({ side: 'integration', decisive: true, phrase });
const people = (phrase: string): Clue => ({ side: 'human', decisive: true, phrase });

function decide(clues: Clue[]): AppAudience {
  const phrases = (side: Clue['side']): string[] => [
    ...new Set(clues.filter((c) => c.side === side).map((c) => c.phrase)),
  ];
  const decisive = (side: Clue['side']): boolean => clues.some((c) => c.side === side && c.decisive);
  const integration = phrases('integration');
  const human = phrases('human');
  let kind: AppKind = 'unknown';
  if (decisive('integration')) kind = 'integration';
  else if (decisive('human')) kind = 'human';
  else if (integration.length && !human.length) kind = 'integration';
  else if (human.length && !integration.length) kind = 'human';
  return { kind, integration, human };
}

/** The evidence behind the verdict, for a message: the phrases of the side that won, or of both when none did. */
export function describeAudience(audience: AppAudience): string {
  if (audience.kind === 'integration') return audience.integration.join('; ');
  if (audience.kind === 'human') return audience.human.join('; ');
  if (audience.integration.length)
    return `integration: ${audience.integration.join('; ')}; people: ${audience.human.join('; ')}`;
  return 'no client credentials, certificate, single sign-on, canvas, mobile or developer callback, and no telling name';
}

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])$/i;
/** Experience Cloud and Salesforce Sites hosts; Lightning and Visualforce hosts are the org's own pages. */
const SITE_HOST = /(\.site\.com|\.salesforce-sites\.com|\.force\.com)$/i;
const ORG_PAGE_HOST = /\.(lightning|visual|vf)\.force\.com$/i;

/** Callback URLs (a connected app may list several, one per line) that only apps for people use. */
function callbackClues(value: string | undefined): Clue[] {
  const out: Clue[] = [];
  for (const url of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z][a-z0-9+.-]*):\/*(\[[^\]]*\]|[^/?#:]*)/i.exec(url);
    if (!m) continue;
    const scheme = m[1].toLowerCase();
    const host = m[2];
    if (scheme !== 'http' && scheme !== 'https')
      out.push(people(`custom URL-scheme callback ${scheme}: (mobile or desktop app)`));
    else if (LOOPBACK.test(host)) out.push(people('localhost callback (developer tool)'));
    else if (SITE_HOST.test(host) && !ORG_PAGE_HOST.test(host))
      out.push(people(`Experience Cloud site callback ${host.toLowerCase()}`));
  }
  return out;
}

/** Scopes only apps for people ask for: Experience Cloud sign-up and passwordless login, OpenID Connect sign-in. */
function scopeClues(scopes: string[]): Clue[] {
  const out: Clue[] = [];
  const site = scopes.filter((s) => /^(UserRegistration|ForgotPassword|PwdlessLogin)$/i.test(s));
  if (site.length) out.push(people(`Experience Cloud sign-up and login scope ${site.join(', ')}`));
  if (scopes.some((s) => /^OpenID$/i.test(s)))
    out.push({ side: 'human', decisive: false, phrase: 'OpenID Connect sign-in (OpenID scope)' });
  return out;
}

/**
 * People who sign in, named in a description or label: "analysts sign in with their own users", "agents log in",
 * "single sign-on", "SSO". Integration users signing in are no people ("integration users log in with JWT").
 */
const PEOPLE_SIGN_IN =
  /(?<!\b(?:integration|api|system|service|technical|run-as|batch)[ -])\b(?:users?|agents?|analysts?|employees?|people|reps|staff|customers?|members?|partners?|students?|patients?|volunteers?|developers?|admins?)\b[^.;]{0,40}?\b(?:sign|log)(?:s|ging)?[- ]?(?:in|on)\b|\bsingle sign[- ]on\b|\bSSO\b/i;

function wordClues(
  names: Array<string | undefined>,
  labels: Array<string | undefined>,
  description: string | undefined,
): Clue[] {
  const out: Clue[] = [];
  const named = integrationNameEvidence(names, description);
  if (named) out.push({ side: 'integration', decisive: false, phrase: describeNameEvidence(named) });
  for (const [source, text] of [...labels.map((l) => ['label', l] as const), ['description', description] as const]) {
    const said = text ? PEOPLE_SIGN_IN.exec(text) : null;
    if (said) {
      out.push({ side: 'human', decisive: false, phrase: `${source} says "${said[0]}"` });
      break;
    }
  }
  return out;
}

const isTrue = (node: unknown, tag: string): boolean => childText(node, tag) === 'true';

function credentialClues(
  runAs: string | undefined,
  clientCredentials: boolean,
  certificate: string | undefined,
): Clue[] {
  const out: Clue[] = [];
  if (runAs?.trim()) out.push(machine(`client-credentials run-as user ${runAs.trim()}`));
  else if (clientCredentials) out.push(machine('client credentials flow enabled'));
  if (certificate?.trim()) out.push(machine('JWT certificate'));
  return out;
}

/** Who logs in through a connected app (ConnectedApp metadata). */
export function connectedAppAudience(xml: XmlFile): AppAudience {
  const app = xml.data;
  const [oauth] = children(app, 'oauthConfig');
  const [mobile] = children(app, 'mobileAppConfig');
  const platform = childText(mobile, 'devicePlatform');
  const label = childText(app, 'label');
  return decide([
    ...credentialClues(
      childText(oauth, 'oauthClientCredentialUser'),
      isTrue(oauth, 'isClientCredentialEnabled'),
      childText(oauth, 'certificate'),
    ),
    ...(children(app, 'samlConfig').length ? [people('SAML single sign-on')] : []),
    ...(children(app, 'canvasConfig').length || children(app, 'canvas').length ? [people('canvas app')] : []),
    ...(mobile || childText(app, 'mobileStartUrl')
      ? [people(platform ? `mobile app (${platform})` : 'mobile app')]
      : []),
    ...(isTrue(oauth, 'isCodeCredentialEnabled') ? [people('headless login for an Experience Cloud site')] : []),
    ...callbackClues(childText(oauth, 'callbackUrl')),
    ...scopeClues(childTexts(oauth, 'scopes')),
    ...wordClues([xml.file.fullName, label], [label], childText(app, 'description')),
  ]);
}

/** The files of one External Client App, by the role each plays. */
export type ExternalClientAppFiles = {
  name: string;
  header?: XmlFile;
  globalOauth?: XmlFile;
  oauthSettings?: XmlFile;
  oauthPolicies?: XmlFile;
  policies?: XmlFile;
};

const ECA_ROLES = {
  ExternalClientApplication: 'header',
  ExtlClntAppGlobalOauthSettings: 'globalOauth',
  ExtlClntAppOauthSettings: 'oauthSettings',
  ExtlClntAppOauthConfigurablePolicies: 'oauthPolicies',
  ExtlClntAppConfigurablePolicies: 'policies',
} as const;

/** The metadata types that make up an External Client App: what a reader of externalClientApps must load. */
export const EXTERNAL_CLIENT_APP_TYPES = Object.keys(ECA_ROLES) as Array<keyof typeof ECA_ROLES>;

/** The External Client App a file belongs to: its <externalClientApplication>, or the header's own name. */
export function externalClientAppName(xml: XmlFile): string {
  const own = childText(xml.data, 'externalClientApplication')?.trim();
  return own === undefined || own === '' ? xml.file.fullName : own;
}

/** Every External Client App of the project with its files, by lower-cased name (developer names ignore case). */
export function externalClientApps(source: { xml(type: string): XmlFile[] }): Map<string, ExternalClientAppFiles> {
  const apps = new Map<string, ExternalClientAppFiles>();
  for (const type of EXTERNAL_CLIENT_APP_TYPES) {
    for (const xml of source.xml(type)) {
      const name = externalClientAppName(xml);
      const app = apps.get(name.toLowerCase()) ?? { name };
      app[ECA_ROLES[type]] ??= xml;
      apps.set(name.toLowerCase(), app);
    }
  }
  return apps;
}

/** Who logs in through an External Client App, from all of its files. */
export function externalClientAppAudience(app: ExternalClientAppFiles): AppAudience {
  const global = app.globalOauth?.data;
  const oauthPolicies = app.oauthPolicies?.data;
  const policies = app.policies?.data;
  const scopes = (childText(app.oauthSettings?.data, 'commaSeparatedOauthScopes') ?? '')
    .split(',')
    .map((s) => s.trim());
  const labels = [app.header, app.globalOauth, app.oauthSettings, app.oauthPolicies, app.policies].map((f) =>
    childText(f?.data, 'label'),
  );
  const label = labels.find(Boolean);
  return decide([
    ...credentialClues(
      childText(oauthPolicies, 'clientCredentialsFlowUser'),
      isTrue(oauthPolicies, 'isClientCredentialsFlowEnabled') || isTrue(global, 'isClientCredentialsFlowEnabled'),
      childText(global, 'certificate'),
    ),
    ...(isTrue(policies, 'isSamlPluginEnabled') ? [people('SAML single sign-on')] : []),
    ...(isTrue(policies, 'isCanvasPluginEnabled') ? [people('canvas app')] : []),
    ...(isTrue(policies, 'isMobilePluginEnabled') ? [people('mobile app')] : []),
    ...(isTrue(global, 'isDeviceFlowEnabled') ? [people('device flow (a person approves on a second device)')] : []),
    ...(isTrue(global, 'isCodeCredFlowEnabled') || isTrue(oauthPolicies, 'isGuestCodeCredFlowEnabled')
      ? [people('headless login for an Experience Cloud site')]
      : []),
    ...callbackClues(childText(global, 'callbackUrl')),
    ...scopeClues(scopes),
    ...wordClues([app.name, label], [label], childText(app.header?.data, 'description')),
  ]);
}
