import {
  connectedAppAudience,
  describeAudience,
  EXTERNAL_CLIENT_APP_TYPES,
  externalClientAppAudience,
  externalClientAppName,
  externalClientApps,
  type AppAudience,
  type AppKind,
} from '../../identity/apps.js';
import { children, childText, childTexts } from '../xml.js';
import type { Rule, RuleFinding, Severity, XmlFile } from '../types.js';

const BROAD_SCOPES: Record<string, string> = {
  Full: 'Full (full access, everything the user can do)',
  Web: 'Web (browser session access)',
};

type Check = 'selfAuthorization' | 'ipRelaxation' | 'refreshTokens' | 'fullScope' | 'webScope';

/**
 * Severity of each check by who logs in through the app (src/identity/apps.ts); undefined: not reported. Integrations
 * get the strict policy. People self-authorise and use the Web scope as a matter of course, so only what still hurts
 * them is reported. An app nobody can place gets the integration severity one tier lower: a false alarm at error level
 * on a clean project costs more than a missed note.
 */
const SEVERITY: Record<Check, Record<AppKind, Severity | undefined>> = {
  selfAuthorization: { integration: 'error', unknown: 'warning', human: undefined },
  ipRelaxation: { integration: 'error', unknown: 'warning', human: 'warning' },
  refreshTokens: { integration: 'warning', unknown: 'note', human: 'note' },
  fullScope: { integration: 'warning', unknown: 'note', human: 'note' },
  webScope: { integration: 'warning', unknown: 'note', human: undefined },
};

type MessageFamily = 'selfAuthorization' | 'ipRelaxation' | 'refreshTokens' | 'broadScope';
const FAMILY: Record<Check, MessageFamily> = {
  selfAuthorization: 'selfAuthorization',
  ipRelaxation: 'ipRelaxation',
  refreshTokens: 'refreshTokens',
  fullScope: 'broadScope',
  webScope: 'broadScope',
};

/** An app as the findings describe it: what it is called in messages, its fingerprint subject, and who logs in. */
type AppView = { label: string; type: string; name: string; audience: AppAudience };

/** The fix for each kind of app; none where the check is not reported. */
type Fixes = Partial<Record<AppKind, string>>;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The fixes from the advice for a system and for people: an integration gets the first, people the second, and an
 * app nobody can place both ("If an external system logs in with it: ... If people do: ...").
 */
function advice(forSystem: string, forPeople: string): Fixes {
  return {
    integration: capitalise(forSystem),
    human: capitalise(forPeople),
    unknown: `If an external system logs in with it: ${forSystem} If people do: ${forPeople}`,
  };
}

/** Message ids: the check's family, suffixed by who logs in (selfAuthorization, ipRelaxationPeople, broadScopeUnknown). */
const MESSAGE_SUFFIX: Record<AppKind, string> = { integration: '', human: 'People', unknown: 'Unknown' };

/** The finding of a check on an app, at the severity its kind gets; none where that kind is not reported. */
function finding(
  app: AppView,
  check: Check,
  at: { xml: XmlFile; tag: string; occurrence?: number },
  data: Record<string, string>,
  fixes: Fixes,
  subject: { element: string; detail?: string },
): RuleFinding[] {
  const { kind } = app.audience;
  const severity = SEVERITY[check][kind];
  if (!severity) return [];
  const pos = at.xml.locateTag(at.tag, at.occurrence ?? 0);
  return [
    {
      severity,
      messageId: `${FAMILY[check]}${MESSAGE_SUFFIX[kind]}`,
      data: { app: app.label, evidence: describeAudience(app.audience), ...data },
      fix: fixes[kind],
      location: { path: at.xml.file.path, line: pos?.line, column: pos?.column },
      subject: { type: app.type, name: app.name, ...subject },
    },
  ];
}

/** Relaxing IP restrictions with a second factor is the setting meant for people (spellings vary between app kinds). */
const SECOND_FACTOR = /2fa|2factor|second|mfa/i;

/** Whether an IP relaxation value is reported: any bypass, except the second-factor one on an app people sign in to. */
function relaxes(value: string | undefined, app: AppView): value is string {
  return Boolean(value && /^bypass/i.test(value) && !(app.audience.kind === 'human' && SECOND_FACTOR.test(value)));
}

const PEOPLE_SELF_AUTHORISE =
  'self-authorisation is usual for them; pre-authorising their permission set still limits who can connect, or suppress this finding with that reason.';
const PEOPLE_IP =
  'keep MFA required for them and give their profiles login IP ranges for the office and VPN networks; if they must work from anywhere, relax IP restrictions with a second factor instead.';
const PEOPLE_EXPIRY = 'so devices nobody uses any more lose access.';

function scopeAdvice(scope: string, forSystem: string, replaceFull: string): Fixes {
  return advice(
    forSystem,
    scope === 'Web' ? 'Web is usual for browser apps; keep only the scopes the app uses.' : replaceFull,
  );
}

function connectedAppFindings(xml: XmlFile): RuleFinding[] {
  const [oauth] = children(xml.data, 'oauthConfig');
  if (!oauth) return [];
  const app: AppView = {
    label: `Connected app ${xml.file.fullName}`,
    type: 'ConnectedApp',
    name: xml.file.fullName,
    audience: connectedAppAudience(xml),
  };
  const out: RuleFinding[] = [];
  const approved = childText(oauth, 'isAdminApproved');
  if (approved !== 'true') {
    out.push(
      ...finding(
        app,
        'selfAuthorization',
        { xml, tag: approved === undefined ? 'oauthConfig' : 'isAdminApproved' },
        {
          setting: `${approved === undefined ? 'no isAdminApproved' : `isAdminApproved ${approved}`}: "All users may self-authorize"`,
        },
        advice(
          'set <isAdminApproved>true</isAdminApproved> in oauthConfig and pre-authorise only the integration permission set (<permissionSetName>).',
          PEOPLE_SELF_AUTHORISE,
        ),
        { element: 'oauthConfig.isAdminApproved' },
      ),
    );
  }
  const scopes = childTexts(oauth, 'scopes');
  scopes.forEach((scope, occurrence) => {
    if (!BROAD_SCOPES[scope] || scopes.indexOf(scope) !== occurrence) return;
    out.push(
      ...finding(
        app,
        scope === 'Full' ? 'fullScope' : 'webScope',
        { xml, tag: 'scopes', occurrence },
        { scope: BROAD_SCOPES[scope] },
        scopeAdvice(
          scope,
          `remove <scopes>${scope}</scopes>; Api (and RefreshToken only if the flow needs it) is enough for an integration.`,
          'replace <scopes>Full</scopes> with the scopes the app uses (Api, Web, RefreshToken, OpenID...).',
        ),
        { element: 'oauthConfig.scopes', detail: scope },
      ),
    );
  });
  return [...out, ...connectedAppPolicyFindings(xml, app)];
}

function connectedAppPolicyFindings(xml: XmlFile, app: AppView): RuleFinding[] {
  const [policy] = children(xml.data, 'oauthPolicy');
  const out: RuleFinding[] = [];
  const relax = childText(policy, 'ipRelaxation');
  if (relaxes(relax, app)) {
    out.push(
      ...finding(
        app,
        'ipRelaxation',
        { xml, tag: 'ipRelaxation' },
        { setting: `ipRelaxation ${relax}` },
        advice(
          'set <ipRelaxation>ENFORCE</ipRelaxation> and give the integration user login IP ranges for the system’s egress addresses.',
          `set <ipRelaxation>ENFORCE</ipRelaxation>, ${PEOPLE_IP}`,
        ),
        { element: 'oauthPolicy.ipRelaxation' },
      ),
    );
  }
  const refresh = childText(policy, 'refreshTokenPolicy');
  if (refresh && /^infinite$/i.test(refresh)) {
    out.push(
      ...finding(
        app,
        'refreshTokens',
        { xml, tag: 'refreshTokenPolicy' },
        { setting: `refreshTokenPolicy ${refresh}` },
        advice(
          'use <refreshTokenPolicy>zero</refreshTokenPolicy> for server-to-server flows, or specific_lifetime:<n>:DAYS.',
          `set a refresh token lifetime or inactivity timeout (<refreshTokenPolicy>specific_lifetime:90:DAYS</refreshTokenPolicy> or specific_inactivity:30:DAYS), ${PEOPLE_EXPIRY}`,
        ),
        { element: 'oauthPolicy.refreshTokenPolicy' },
      ),
    );
  }
  return out;
}

function ecaPolicyFindings(xml: XmlFile, app: AppView): RuleFinding[] {
  const out: RuleFinding[] = [];
  const permitted = childText(xml.data, 'permittedUsersPolicyType');
  if (permitted === 'AllSelfAuthorized' || permitted === undefined) {
    out.push(
      ...finding(
        app,
        'selfAuthorization',
        { xml, tag: permitted ? 'permittedUsersPolicyType' : xml.root },
        { setting: `permittedUsersPolicyType ${permitted ?? 'not set, so AllSelfAuthorized'}` },
        advice(
          'set <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType> and list only the integration permission set in <commaSeparatedPermissionSet>.',
          PEOPLE_SELF_AUTHORISE,
        ),
        { element: 'permittedUsersPolicyType' },
      ),
    );
  }
  const relax = childText(xml.data, 'ipRelaxationPolicyType');
  if (relaxes(relax, app)) {
    out.push(
      ...finding(
        app,
        'ipRelaxation',
        { xml, tag: 'ipRelaxationPolicyType' },
        { setting: `ipRelaxationPolicyType ${relax}` },
        advice(
          'set <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType> and give the integration user login IP ranges.',
          `set <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>, ${PEOPLE_IP}`,
        ),
        { element: 'ipRelaxationPolicyType' },
      ),
    );
  }
  if (childText(xml.data, 'refreshTokenPolicyType') === 'Infinite') {
    out.push(
      ...finding(
        app,
        'refreshTokens',
        { xml, tag: 'refreshTokenPolicyType' },
        { setting: 'refreshTokenPolicyType Infinite' },
        advice(
          'use Zero for server-to-server flows, or SpecificLifetime with refreshTokenValidityPeriod and refreshTokenValidityUnit.',
          `set a refresh token lifetime or inactivity timeout (<refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType> or SpecificInactivity, with <refreshTokenValidityPeriod> and <refreshTokenValidityUnit>), ${PEOPLE_EXPIRY}`,
        ),
        { element: 'refreshTokenPolicyType' },
      ),
    );
  }
  return out;
}

function ecaSettingsFindings(xml: XmlFile, app: AppView): RuleFinding[] {
  const scopes = (childText(xml.data, 'commaSeparatedOauthScopes') ?? '').split(',').map((s) => s.trim());
  return [...new Set(scopes)]
    .filter((scope) => BROAD_SCOPES[scope])
    .flatMap((scope) =>
      finding(
        app,
        scope === 'Full' ? 'fullScope' : 'webScope',
        { xml, tag: 'commaSeparatedOauthScopes' },
        { scope: BROAD_SCOPES[scope] },
        scopeAdvice(
          scope,
          `remove ${scope} from <commaSeparatedOauthScopes>; Api (and RefreshToken only if the flow needs it) is enough.`,
          'replace Full in <commaSeparatedOauthScopes> with the scopes the app uses (Api, Web, RefreshToken, OpenID...).',
        ),
        { element: 'commaSeparatedOauthScopes', detail: scope },
      ),
    );
}

const WHO = 'it is not clear whether an external system or people log in with it ({{evidence}})';

export const oauthAppPolicy: Rule = {
  meta: {
    id: 'oauth-app-policy',
    defaultSeverity: 'error',
    summary:
      'Connected apps and External Client Apps that allow self-authorisation, relax IP restrictions, keep refresh tokens forever or ask for Full/Web scopes, judged by who logs in through them: an integration, people, or unknown.',
    why: 'The OAuth app is the integration’s front door: if any user can authorise it, tokens work from any address and never expire, one leaked secret is a permanent, untraceable backdoor. Apps people sign in to need less (they self-authorise by design) but still should not skip IP checks or keep tokens for ever.',
    howToFix:
      'Integrations: admin-approved users only, pre-authorised through the integration’s permission set; IP restrictions enforced; refresh tokens expiring (zero for server-to-server flows); only the Api scope. Apps for people: IP restrictions enforced or relaxed with a second factor, a refresh token lifetime or inactivity timeout, no Full scope.',
    docs: 'oauth-app-policy',
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI4', kind: 'relevant' },
      { taxonomy: 'OWASP-NHI', id: 'NHI7', kind: 'relevant' },
      { taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' },
    ],
    messages: {
      selfAuthorization:
        '{{app}} lets any user authorise it themselves ({{setting}}), and it is an integration app ({{evidence}}): any user can get tokens for it, not only the integration user.',
      selfAuthorizationUnknown: `{{app}} lets any user authorise it themselves ({{setting}}); ${WHO}.`,
      ipRelaxation:
        '{{app}} relaxes IP restrictions ({{setting}}), and it is an integration app ({{evidence}}): a stolen token works from anywhere, not only from the system’s servers.',
      ipRelaxationPeople:
        '{{app}} relaxes IP restrictions ({{setting}}) for the people who sign in through it ({{evidence}}): their tokens work from any network, outside the login IP ranges of their profiles.',
      ipRelaxationUnknown: `{{app}} relaxes IP restrictions ({{setting}}), so its tokens work from any network; ${WHO}.`,
      refreshTokens:
        '{{app}} keeps refresh tokens valid until revoked ({{setting}}), and it is an integration app ({{evidence}}): a leaked refresh token never expires.',
      refreshTokensPeople:
        '{{app}} keeps refresh tokens valid until revoked ({{setting}}); people sign in through it ({{evidence}}), so a lost laptop or phone stays signed in until someone revokes its token.',
      refreshTokensUnknown: `{{app}} keeps refresh tokens valid until revoked ({{setting}}); ${WHO}.`,
      broadScope:
        '{{app}} asks for the {{scope}} scope, which an API integration does not need; it is an integration app ({{evidence}}).',
      broadScopePeople:
        '{{app}} asks for the {{scope}} scope; people sign in through it ({{evidence}}), and each token can do everything its user can, where most apps need a few scopes.',
      broadScopeUnknown: `{{app}} asks for the {{scope}} scope; ${WHO}.`,
    },
  },
  reads: ['ConnectedApp', ...EXTERNAL_CLIENT_APP_TYPES],
  // A pre-commit run on one External Client App file still judges the app by all of its files.
  crossFile: EXTERNAL_CLIENT_APP_TYPES,
  run(ctx) {
    const ecas = externalClientApps(ctx.project);
    const view = (xml: XmlFile): AppView => {
      const name = externalClientAppName(xml);
      const audience = externalClientAppAudience(ecas.get(name.toLowerCase()) ?? { name });
      return { label: `External Client App ${name}`, type: 'ExternalClientApplication', name, audience };
    };
    return [
      ...ctx.xml('ConnectedApp').flatMap(connectedAppFindings),
      ...ctx.xml('ExtlClntAppOauthConfigurablePolicies').flatMap((xml) => ecaPolicyFindings(xml, view(xml))),
      ...ctx.xml('ExtlClntAppOauthSettings').flatMap((xml) => ecaSettingsFindings(xml, view(xml))),
    ];
  },
};
