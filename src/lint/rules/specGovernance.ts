import { SPEC_TYPE } from '../discovery.js';
import type { Rule, RuleFinding, SpecFileView } from '../types.js';

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

function checkSpec(spec: SpecFileView, today: string): RuleFinding[] {
  const out: RuleFinding[] = [];
  const name = specName(spec);
  const at = (keys: Array<string | number>): RuleFinding['location'] => ({ path: spec.file.path, ...spec.locate(keys) });
  const subject = (element: string): RuleFinding['subject'] => ({ type: SPEC_TYPE, name, element });
  for (const [keys, what] of [
    [['owners', 'business'], 'a business owner (owners.business)'],
    [['owners', 'technical'], 'a technical owner (owners.technical)'],
    [['support'], 'a support contact (support)'],
  ] as const) {
    if (!text(spec.data, ...keys)) {
      out.push({
        message: `Integration ${name} has no ${what}: nobody can approve its access or answer when it breaks.`,
        fix: `Add ${keys.join('.')} to ${spec.file.path}.`,
        location: at([...keys]),
        subject: subject(keys.join('.')),
      });
    }
  }
  const expires = text(spec.data, 'lifecycle', 'expires');
  if (expires && /^\d{4}-\d{2}-\d{2}$/.test(expires) && expires < today) {
    out.push({
      message: `Integration ${name} expired on ${expires} but is still defined: its user, token and access may still work.`,
      fix: 'Run the offboarding steps in lifecycle.offboarding and remove the spec and its metadata, or extend the contract and lifecycle.expires.',
      location: at(['lifecycle', 'expires']),
      subject: subject('lifecycle.expires'),
    });
  } else if (!expires) {
    out.push({
      severity: 'note',
      message: `Integration ${name} has no end date (lifecycle.expires); access without an end date is rarely reviewed.`,
      fix: 'Add lifecycle.expires with the contract end date.',
      location: at(['lifecycle']),
      subject: subject('lifecycle.expires.missing'),
    });
  }
  const nextReview = text(spec.data, 'lifecycle', 'nextReview');
  if (nextReview && /^\d{4}-\d{2}-\d{2}$/.test(nextReview) && nextReview < today) {
    out.push({
      severity: 'warning',
      message: `The access review of integration ${name} was due on ${nextReview}.`,
      fix: 'Review its permission set with the owners, then move lifecycle.nextReview to the next date.',
      location: at(['lifecycle', 'nextReview']),
      subject: subject('lifecycle.nextReview'),
    });
  }
  if (text(spec.data, 'user', 'license') === 'salesforce' && !text(spec.data, 'user', 'licenseReason')) {
    out.push({
      severity: 'warning',
      message: `Integration ${name} uses a full Salesforce license without saying why (user.licenseReason).`,
      fix: 'Use the Salesforce Integration license (user.license: integration), or record the reason in user.licenseReason.',
      location: at(['user', 'license']),
      subject: subject('user.licenseReason'),
    });
  }
  return out;
}

export const specGovernance: Rule = {
  meta: {
    id: 'spec-governance',
    defaultSeverity: 'error',
    summary: 'Integration specs without owners or support, past their expiry or review date, or beyond the integration license allotment.',
    why: 'The register is only useful when every integration has someone accountable, a support contact and an end date, and when the licenses it assumes exist.',
    howToFix: 'Fill in owners.business, owners.technical and support; offboard or extend expired integrations; hold the access review; buy integration licenses or consolidate.',
    docs: 'spec-governance',
  },
  reads: [SPEC_TYPE],
  crossFile: [SPEC_TYPE],
  run(ctx) {
    const specs = ctx.specs();
    const out = specs.flatMap((s) => checkSpec(s, ctx.today));
    const onIntegrationLicense = specs.filter((s) => (text(s.data, 'user', 'license') ?? 'integration') === 'integration');
    if (onIntegrationLicense.length > ctx.config.licenseAllotment) {
      // Reported on the first spec beyond the allotment (in path order), with the others as related places.
      const first = onIntegrationLicense[ctx.config.licenseAllotment];
      const rest = onIntegrationLicense.filter((s) => s !== first);
      out.push({
        severity: 'warning',
        message: `${onIntegrationLicense.length} integrations use the Salesforce Integration user license; the edition includes ${ctx.config.licenseAllotment}.`,
        fix: `Buy ${onIntegrationLicense.length - ctx.config.licenseAllotment} more Salesforce Integration license(s), retire an integration, or set licenseAllotment in the lint config to what the org owns.`,
        location: { path: first.file.path, ...first.locate(['user', 'license']) },
        related: rest.map((s) => ({ path: s.file.path, ...s.locate(['user', 'license']) })),
        subject: { type: SPEC_TYPE, name: '*', element: 'license-allotment' },
      });
    }
    return out;
  },
};
