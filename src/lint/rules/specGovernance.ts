import { readCertificate } from '../../spec/certificate.js';
import { isDraftPlaceholder } from '../../spec/draft.js';
import { SPEC_TYPE } from '../discovery.js';
import type { Rule, RuleFinding, SpecFileView } from '../types.js';

/** A certificate this close to its end date is reported: rotating it takes a key pair, a hand-over and a deploy. */
const CERTIFICATE_NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  let node: unknown = data;
  for (const k of keys) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  if (node instanceof Date) return node.toISOString().slice(0, 10);
  return typeof node === 'string' || typeof node === 'number' ? String(node).trim() || undefined : undefined;
}

function specName(spec: SpecFileView): string {
  return text(spec.data, 'apiName') ?? text(spec.data, 'name') ?? spec.file.fullName;
}

type SpecFinding = (
  messageId: string,
  keys: string[],
  finding: Omit<RuleFinding, 'messageId' | 'location' | 'subject'>,
  subject?: { element?: string; detail?: string },
) => RuleFinding;

/** Findings of one spec, with its name: located at a key path and, unless told otherwise, about that key. */
function specFinding(spec: SpecFileView): SpecFinding {
  const name = specName(spec);
  return (messageId, keys, finding, subject) => ({
    messageId,
    ...finding,
    data: { name, ...finding.data },
    location: { path: spec.file.path, ...spec.locate(keys) },
    subject: { type: SPEC_TYPE, name, element: subject?.element ?? keys.join('.'), detail: subject?.detail },
  });
}

function contactFindings(spec: SpecFileView): RuleFinding[] {
  const finding = specFinding(spec);
  return (
    (
      [
        ['noBusinessOwner', ['owners', 'business']],
        ['noTechnicalOwner', ['owners', 'technical']],
        ['noSupport', ['support']],
      ] as const
    )
      // A draft's placeholder (from sf integration inventory) is no owner either.
      .filter(([, keys]) => {
        const value = text(spec.data, ...keys);
        return !value || isDraftPlaceholder(value);
      })
      .map(([messageId, keys]) => finding(messageId, [...keys], { fix: `Add ${keys.join('.')} to ${spec.file.path}.` }))
  );
}

function lifecycleFindings(spec: SpecFileView, today: string): RuleFinding[] {
  const finding = specFinding(spec);
  const out: RuleFinding[] = [];
  const expires = text(spec.data, 'lifecycle', 'expires');
  if (expires && ISO_DATE.test(expires) && expires < today) {
    out.push(
      finding('expired', ['lifecycle', 'expires'], {
        data: { date: expires },
        fix: 'Run the offboarding steps in lifecycle.offboarding and remove the spec and its metadata, or extend the contract and lifecycle.expires.',
      }),
    );
  } else if (!expires) {
    // Located at lifecycle (or the spec's first key when there is none); the subject says what is missing.
    out.push(
      finding(
        'noEndDate',
        ['lifecycle'],
        { severity: 'note', fix: 'Add lifecycle.expires with the contract end date.' },
        { element: 'lifecycle.expires.missing' },
      ),
    );
  }
  const nextReview = text(spec.data, 'lifecycle', 'nextReview');
  if (nextReview && ISO_DATE.test(nextReview) && nextReview < today) {
    out.push(
      finding('reviewOverdue', ['lifecycle', 'nextReview'], {
        severity: 'warning',
        data: { date: nextReview },
        fix: 'Review its permission set with the owners, then move lifecycle.nextReview to the next date.',
      }),
    );
  }
  if (text(spec.data, 'user', 'license') === 'salesforce' && !text(spec.data, 'user', 'licenseReason')) {
    out.push(
      finding(
        'fullLicenseWithoutReason',
        ['user', 'license'],
        {
          severity: 'warning',
          fix: 'Use the Salesforce Integration license (user.license: integration), or record the reason in user.licenseReason.',
        },
        { element: 'user.licenseReason' },
      ),
    );
  }
  return out;
}

/** "today", "tomorrow", "in 12 days". */
function inDays(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

/**
 * The certificate's end date against today. A certificate that cannot be read is not this rule's to report:
 * `sf integration generate` refuses the spec and says why.
 */
async function certificateFindings(spec: SpecFileView, today: string): Promise<RuleFinding[]> {
  const rel = text(spec.data, 'auth', 'certificate');
  if (!rel) return [];
  const loaded = await readCertificate(rel, spec.file.absolute, () => undefined);
  if (!loaded) return [];
  const date = loaded.certificate.validToDate.toISOString().slice(0, 10);
  const days = Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS);
  if (days > CERTIFICATE_NOTICE_DAYS) return [];
  const fix = `Have the system create a new key pair and send its certificate (the private key stays with the system), upload the certificate to the app and point auth.certificate to it${days < 0 ? '' : ' before the old one expires'}.`;
  const finding = specFinding(spec);
  return [
    days < 0
      ? finding(
          'certificateExpired',
          ['auth', 'certificate'],
          { severity: 'warning', data: { path: rel, date }, fix },
          { detail: `expired:${date}` },
        )
      : finding(
          'certificateExpiring',
          ['auth', 'certificate'],
          { severity: 'warning', data: { path: rel, date, when: inDays(days) }, fix },
          { detail: `expiring:${date}` },
        ),
  ];
}

export const specGovernance: Rule = {
  meta: {
    id: 'spec-governance',
    defaultSeverity: 'error',
    summary:
      'Integration specs without owners or support, past their expiry or review date, with a certificate that has expired or soon will, or beyond the integration license allotment.',
    why: 'The register is only useful when every integration has someone accountable, a support contact and an end date, when its credentials are rotated before they expire, and when the licenses it assumes exist.',
    howToFix:
      'Fill in owners.business, owners.technical and support; offboard or extend expired integrations; hold the access review; rotate certificates before they expire; buy integration licenses or consolidate.',
    docs: 'spec-governance',
    messages: {
      noBusinessOwner:
        'Integration {{name}} has no business owner (owners.business): nobody can approve its access or answer when it breaks.',
      noTechnicalOwner:
        'Integration {{name}} has no technical owner (owners.technical): nobody can approve its access or answer when it breaks.',
      noSupport: 'Integration {{name}} has no support contact (support): nobody is there to call when it breaks.',
      expired:
        'Integration {{name}} expired on {{date}} but is still defined: its user, token and access may still work.',
      noEndDate:
        'Integration {{name}} has no end date (lifecycle.expires); access without an end date is rarely reviewed.',
      reviewOverdue: 'The access review of integration {{name}} was due on {{date}}.',
      fullLicenseWithoutReason:
        'Integration {{name}} uses a full Salesforce license without saying why (user.licenseReason).',
      certificateExpired:
        'The certificate of integration {{name}} ({{path}}) expired on {{date}}: its key pair was not rotated when due.',
      certificateExpiring: 'The certificate of integration {{name}} ({{path}}) expires on {{date}}, {{when}}.',
      licenseAllotment:
        '{{count}} integrations use the Salesforce Integration user license; the edition includes {{allotment}}.',
    },
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI1', kind: 'relevant' },
      { taxonomy: 'OWASP-NHI', id: 'NHI7', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'ID.AM', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'GV.RR', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'GV.SC', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'relevant' },
    ],
  },
  reads: [SPEC_TYPE],
  crossFile: [SPEC_TYPE],
  async run(ctx) {
    const specs = ctx.specs();
    const certificates = await Promise.all(specs.map((s) => certificateFindings(s, ctx.today)));
    const out = specs.flatMap((s, i) => [
      ...contactFindings(s),
      ...lifecycleFindings(s, ctx.today),
      ...certificates[i],
    ]);
    const onIntegrationLicense = specs.filter(
      (s) => (text(s.data, 'user', 'license') ?? 'integration') === 'integration',
    );
    if (onIntegrationLicense.length > ctx.config.licenseAllotment) {
      // Reported on the first spec beyond the allotment (in path order), with the others as related places.
      const first = onIntegrationLicense[ctx.config.licenseAllotment];
      const rest = onIntegrationLicense.filter((s) => s !== first);
      out.push({
        severity: 'warning',
        messageId: 'licenseAllotment',
        data: { count: onIntegrationLicense.length, allotment: ctx.config.licenseAllotment },
        fix: `Buy ${onIntegrationLicense.length - ctx.config.licenseAllotment} more Salesforce Integration license(s), retire an integration, or set licenseAllotment in the lint config to what the org owns.`,
        location: { path: first.file.path, ...first.locate(['user', 'license']) },
        related: rest.map((s) => ({ path: s.file.path, ...s.locate(['user', 'license']) })),
        subject: { type: SPEC_TYPE, name: '*', element: 'license-allotment' },
      });
    }
    return out;
  },
};
