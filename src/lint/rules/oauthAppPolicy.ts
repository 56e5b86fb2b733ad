import { children, childText, childTexts } from '../xml.js';
import type { Rule, RuleFinding, XmlFile } from '../types.js';

const BROAD_SCOPES: Record<string, string> = {
  Full: 'Full (full access, everything the user can do)',
  Web: 'Web (browser session access)',
};

function at(xml: XmlFile, tag: string, occurrence = 0): RuleFinding['location'] {
  const pos = xml.locateTag(tag, occurrence);
  return { path: xml.file.path, line: pos?.line, column: pos?.column };
}

function connectedAppFindings(xml: XmlFile): RuleFinding[] {
  const out: RuleFinding[] = [];
  const name = xml.file.fullName;
  const subject = (element: string, detail?: string): RuleFinding['subject'] => ({ type: 'ConnectedApp', name, element, detail });
  const [oauth] = children(xml.data, 'oauthConfig');
  if (!oauth) return out;
  if (childText(oauth, 'isAdminApproved') !== 'true') {
    out.push({
      message: `Connected app ${name} lets any user authorise it themselves ("All users may self-authorize").`,
      fix: 'Set <isAdminApproved>true</isAdminApproved> in oauthConfig and pre-authorise only the integration permission set (<permissionSetName>).',
      location: childText(oauth, 'isAdminApproved') === undefined ? at(xml, 'oauthConfig') : at(xml, 'isAdminApproved'),
      subject: subject('oauthConfig.isAdminApproved'),
    });
  }
  childTexts(oauth, 'scopes').forEach((scope) => {
    if (BROAD_SCOPES[scope]) {
      const occurrence = childTexts(oauth, 'scopes').indexOf(scope);
      out.push({
        severity: 'warning',
        message: `Connected app ${name} asks for the ${BROAD_SCOPES[scope]} scope, which an API integration does not need.`,
        fix: `Remove <scopes>${scope}</scopes>; Api (and RefreshToken only if the flow needs it) is enough for an integration.`,
        location: at(xml, 'scopes', occurrence),
        subject: subject('oauthConfig.scopes', scope),
      });
    }
  });
  const [policy] = children(xml.data, 'oauthPolicy');
  const relax = childText(policy, 'ipRelaxation');
  if (relax && /^BYPASS/i.test(relax)) {
    out.push({
      message: `Connected app ${name} relaxes IP restrictions (ipRelaxation ${relax}): a stolen token works from anywhere.`,
      fix: 'Set <ipRelaxation>ENFORCE</ipRelaxation> and give the integration user login IP ranges for the system’s egress addresses.',
      location: at(xml, 'ipRelaxation'),
      subject: subject('oauthPolicy.ipRelaxation'),
    });
  }
  const refresh = childText(policy, 'refreshTokenPolicy');
  if (refresh && /^infinite$/i.test(refresh)) {
    out.push({
      severity: 'warning',
      message: `Connected app ${name} keeps refresh tokens valid until revoked (refreshTokenPolicy infinite).`,
      fix: 'Use <refreshTokenPolicy>zero</refreshTokenPolicy> for server-to-server flows, or specific_lifetime:<n>:DAYS.',
      location: at(xml, 'refreshTokenPolicy'),
      subject: subject('oauthPolicy.refreshTokenPolicy'),
    });
  }
  return out;
}

function ecaPolicyFindings(xml: XmlFile): RuleFinding[] {
  const out: RuleFinding[] = [];
  const app = childText(xml.data, 'externalClientApplication') ?? xml.file.fullName;
  const subject = (element: string): RuleFinding['subject'] => ({ type: 'ExternalClientApplication', name: app, element });
  const permitted = childText(xml.data, 'permittedUsersPolicyType');
  if (permitted === 'AllSelfAuthorized' || permitted === undefined) {
    out.push({
      message: `External Client App ${app} lets any user authorise it themselves (permittedUsersPolicyType ${permitted ?? 'not set, so AllSelfAuthorized'}).`,
      fix: 'Set <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType> and list only the integration permission set in <commaSeparatedPermissionSet>.',
      location: at(xml, permitted ? 'permittedUsersPolicyType' : xml.root),
      subject: subject('permittedUsersPolicyType'),
    });
  }
  const relax = childText(xml.data, 'ipRelaxationPolicyType');
  if (relax && /^bypass/i.test(relax)) {
    out.push({
      message: `External Client App ${app} relaxes IP restrictions (ipRelaxationPolicyType ${relax}): a stolen token works from anywhere.`,
      fix: 'Set <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType> and give the integration user login IP ranges.',
      location: at(xml, 'ipRelaxationPolicyType'),
      subject: subject('ipRelaxationPolicyType'),
    });
  }
  if (childText(xml.data, 'refreshTokenPolicyType') === 'Infinite') {
    out.push({
      severity: 'warning',
      message: `External Client App ${app} keeps refresh tokens valid until revoked (refreshTokenPolicyType Infinite).`,
      fix: 'Use Zero for server-to-server flows, or SpecificLifetime with refreshTokenValidityPeriod and refreshTokenValidityUnit.',
      location: at(xml, 'refreshTokenPolicyType'),
      subject: subject('refreshTokenPolicyType'),
    });
  }
  return out;
}

function ecaSettingsFindings(xml: XmlFile): RuleFinding[] {
  const app = childText(xml.data, 'externalClientApplication') ?? xml.file.fullName;
  const scopes = (childText(xml.data, 'commaSeparatedOauthScopes') ?? '').split(',').map((s) => s.trim());
  return scopes
    .filter((s) => BROAD_SCOPES[s])
    .map((scope) => ({
      severity: 'warning' as const,
      message: `External Client App ${app} asks for the ${BROAD_SCOPES[scope]} scope, which an API integration does not need.`,
      fix: `Remove ${scope} from <commaSeparatedOauthScopes>; Api (and RefreshToken only if the flow needs it) is enough.`,
      location: at(xml, 'commaSeparatedOauthScopes'),
      subject: { type: 'ExternalClientApplication', name: app, element: 'commaSeparatedOauthScopes', detail: scope },
    }));
}

export const oauthAppPolicy: Rule = {
  meta: {
    id: 'oauth-app-policy',
    defaultSeverity: 'error',
    summary: 'Connected apps and External Client Apps that allow self-authorisation, relax IP restrictions, keep refresh tokens forever or ask for Full/Web scopes.',
    why: 'The OAuth app is the integration’s front door: if any user can authorise it, tokens work from any address and never expire, one leaked secret is a permanent, untraceable backdoor.',
    howToFix: 'Admin-approved users only, pre-authorised through the integration’s permission set; IP restrictions enforced; refresh tokens expiring (zero for server-to-server flows); only the Api scope.',
    docs: 'oauth-app-policy',
    references: [{ taxonomy: 'OWASP-NHI', id: 'NHI4', kind: 'relevant' }, { taxonomy: 'OWASP-NHI', id: 'NHI7', kind: 'relevant' }, { taxonomy: 'OWASP-NHI', id: 'NHI5', kind: 'relevant' }, { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' }],
  },
  reads: ['ConnectedApp', 'ExtlClntAppOauthConfigurablePolicies', 'ExtlClntAppOauthSettings'],
  run(ctx) {
    return [
      ...ctx.xml('ConnectedApp').flatMap(connectedAppFindings),
      ...ctx.xml('ExtlClntAppOauthConfigurablePolicies').flatMap(ecaPolicyFindings),
      ...ctx.xml('ExtlClntAppOauthSettings').flatMap(ecaSettingsFindings),
    ];
  },
};
