import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { specGovernance } from '../../../src/lint/rules/specGovernance.js';
import { ruleTester } from '../../helpers/ruleTester.js';
import { REPO_ROOT } from '../../helpers/schema.js';

/**
 * A self-made certificate (openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
 * -keyout /dev/null -days 10), no key kept. Its end date is read here and each case sets `today` relative to it, so
 * nothing depends on the day the tests run.
 */
const CERTIFICATE = readFileSync(
  path.join(REPO_ROOT, 'test', 'fixtures', 'lint', 'certificates', 'short-lived.crt'),
  'utf8',
);
const CERTIFICATE_ENDS = new X509Certificate(CERTIFICATE).validToDate.toISOString().slice(0, 10);

function daysFromEnd(days: number): string {
  return new Date(Date.parse(CERTIFICATE_ENDS) + days * 86_400_000).toISOString().slice(0, 10);
}

type SpecParts = {
  name?: string;
  owners?: string;
  support?: string;
  user?: string;
  auth?: string;
  lifecycle?: string;
};

const OWNERS =
  'owners:\n  business: Maria Lopez <maria.lopez@example.com>\n  technical: Dev Patel <dev.patel@example.com>';
const LIFECYCLE = 'lifecycle:\n  expires: 2027-06-30\n  nextReview: 2027-01-15';

/**
 * A complete spec, one part replaced where a case says so ('' leaves it out). Lines: 1 name, 2-4 owners, 5 support,
 * 6-8 user (8: license), 9-10 auth, then lifecycle.
 */
function spec(parts: SpecParts = {}): string {
  const name = parts.name ?? 'ERP';
  return (
    [
      `name: ${name}`,
      parts.owners ?? OWNERS,
      parts.support ?? 'support: erp-support@example.com',
      parts.user ??
        `user:\n  username: ${name.toLowerCase().replace(/\W+/g, '-')}.integration@example.com\n  license: integration`,
      parts.auth ?? 'auth:\n  flow: client-credentials',
      parts.lifecycle ?? LIFECYCLE,
    ]
      .filter(Boolean)
      .join('\n') + '\n'
  );
}

const WITH_CERTIFICATE = 'auth:\n  flow: jwt-bearer\n  certificate: certs/erp.crt';
const certificateSpec = {
  'integrations/erp.yaml': spec({ auth: WITH_CERTIFICATE }),
  'integrations/certs/erp.crt': CERTIFICATE,
};

/** n complete specs on the integration license: a.yaml, b.yaml, ... */
function specs(n: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `integrations/${String.fromCharCode(97 + i)}.yaml`,
      spec({ name: `System ${i + 1}` }),
    ]),
  );
}

ruleTester(specGovernance, {
  valid: [
    {
      name: 'a complete spec: owners, support, end date, next review ahead, integration license',
      files: { 'integrations/erp.yaml': spec() },
    },
    {
      name: 'a full Salesforce license with the reason recorded',
      files: {
        'integrations/erp.yaml': spec({
          user: 'user:\n  username: erp.integration@example.com\n  license: salesforce\n  licenseReason: needs Knowledge articles',
        }),
      },
    },
    {
      name: 'near miss: the review is due today, not overdue',
      files: {
        'integrations/erp.yaml': spec({ lifecycle: 'lifecycle:\n  expires: 2027-06-30\n  nextReview: 2026-12-01' }),
      },
    },
    {
      name: 'near miss: the contract ends today, it has not expired',
      files: {
        'integrations/erp.yaml': spec({ lifecycle: 'lifecycle:\n  expires: 2026-12-01\n  nextReview: 2027-01-15' }),
      },
    },
    { name: 'near miss: exactly as many integration-license specs as the edition includes (5)', files: specs(5) },
    {
      name: 'near miss: six specs, but one on a full license (with a reason) does not count towards the allotment',
      files: {
        ...specs(5),
        'integrations/z.yaml': spec({
          name: 'Talkdesk',
          user: 'user:\n  username: talkdesk.integration@example.com\n  license: salesforce\n  licenseReason: Service Cloud Voice',
        }),
      },
    },
    { name: 'a certificate that ends 31 days from today', files: certificateSpec, today: daysFromEnd(-31) },
    { name: 'a certificate far from its end date', files: certificateSpec, today: daysFromEnd(-200) },
    {
      name: "near miss: a certificate that cannot be read is generate's to report, not this rule's",
      files: {
        'integrations/erp.yaml': spec({ auth: WITH_CERTIFICATE }),
        'integrations/certs/erp.crt': 'not a certificate\n',
      },
    },
    {
      name: 'near miss: a certificate path that does not exist',
      files: { 'integrations/erp.yaml': spec({ auth: WITH_CERTIFICATE }) },
    },
  ],
  invalid: [
    {
      name: 'no business owner',
      files: { 'integrations/erp.yaml': spec({ owners: 'owners:\n  technical: Dev Patel <dev.patel@example.com>' }) },
      findings: [
        {
          messageId: 'noBusinessOwner',
          line: 3,
          column: 3,
          severity: 'error',
          message: ['Integration ERP', 'owners.business'],
          fix: ['owners.business'],
        },
      ],
    },
    {
      name: 'no owners at all: one finding per missing owner',
      files: { 'integrations/erp.yaml': spec({ owners: '' }) },
      findings: [
        { messageId: 'noBusinessOwner', line: 1, severity: 'error' },
        { messageId: 'noTechnicalOwner', line: 1, severity: 'error' },
      ],
    },
    {
      name: "a draft's placeholders (sf integration inventory) are no owners or support",
      files: {
        'integrations/erp.yaml': spec({
          owners:
            "owners:\n  business: 'FILL IN: who decides what the system may do (name and email)'\n  technical: Dev Patel <dev.patel@example.com>",
          support: "support: 'FILL IN: the support contact for incidents'",
        }),
      },
      findings: [
        { messageId: 'noBusinessOwner', line: 3, severity: 'error' },
        { messageId: 'noSupport', line: 5, severity: 'error' },
      ],
    },
    {
      name: 'near miss: an owner who mentions filling in is an owner',
      files: {
        'integrations/erp.yaml': spec({
          owners:
            'owners:\n  business: Ana Ruiz (fills in for Dev) <ana@example.com>\n  technical: Dev Patel <dev.patel@example.com>',
        }),
      },
      findings: [],
    },
    {
      name: 'support present but empty (YAML null)',
      files: { 'integrations/erp.yaml': spec({ support: 'support:' }) },
      findings: [{ messageId: 'noSupport', line: 5, severity: 'error', message: ['no support contact'] }],
    },
    {
      name: 'past lifecycle.expires',
      files: {
        'integrations/erp.yaml': spec({ lifecycle: 'lifecycle:\n  expires: 2026-11-30\n  nextReview: 2027-01-15' }),
      },
      findings: [
        {
          messageId: 'expired',
          line: 12,
          column: 12,
          severity: 'error',
          message: ['expired on 2026-11-30'],
          fix: ['lifecycle.offboarding'],
        },
      ],
    },
    {
      name: 'no end date: a note at lifecycle',
      files: { 'integrations/erp.yaml': spec({ lifecycle: 'lifecycle:\n  nextReview: 2027-01-15' }) },
      findings: [{ messageId: 'noEndDate', line: 12, severity: 'note' }],
    },
    {
      name: 'the access review is overdue',
      files: {
        'integrations/erp.yaml': spec({ lifecycle: 'lifecycle:\n  expires: 2027-06-30\n  nextReview: 2026-09-01' }),
      },
      findings: [{ messageId: 'reviewOverdue', line: 13, severity: 'warning', message: ['was due on 2026-09-01'] }],
    },
    {
      name: 'a full Salesforce license without a reason',
      files: {
        'integrations/erp.yaml': spec({
          user: 'user:\n  username: erp.integration@example.com\n  license: salesforce',
        }),
      },
      findings: [
        {
          messageId: 'fullLicenseWithoutReason',
          line: 8,
          column: 12,
          severity: 'warning',
          fix: ['user.licenseReason'],
        },
      ],
    },
    {
      name: 'more integration-license specs than the edition includes: on the first one beyond, the others related',
      files: specs(6),
      findings: [
        {
          messageId: 'licenseAllotment',
          path: 'integrations/f.yaml',
          line: 8,
          severity: 'warning',
          message: ['6 integrations', 'the edition includes 5'],
          fix: ['Buy 1 more'],
          related: [
            'integrations/a.yaml',
            'integrations/b.yaml',
            'integrations/c.yaml',
            'integrations/d.yaml',
            'integrations/e.yaml',
          ],
        },
      ],
    },
    {
      name: 'the allotment comes from the lint config (licenseAllotment: 2)',
      files: { '.sf-integration-lint.yml': 'licenseAllotment: 2\n', ...specs(3) },
      findings: [
        {
          messageId: 'licenseAllotment',
          path: 'integrations/c.yaml',
          message: ['3 integrations', 'includes 2'],
          related: ['integrations/a.yaml', 'integrations/b.yaml'],
        },
      ],
    },
    {
      name: 'an expired certificate',
      files: certificateSpec,
      today: daysFromEnd(1),
      findings: [
        {
          messageId: 'certificateExpired',
          line: 11,
          column: 16,
          severity: 'warning',
          message: ['certs/erp.crt', `expired on ${CERTIFICATE_ENDS}`],
          fix: ['new key pair', 'auth.certificate'],
        },
      ],
    },
    {
      name: 'a certificate that expires in 10 days',
      files: certificateSpec,
      today: daysFromEnd(-10),
      findings: [
        {
          messageId: 'certificateExpiring',
          line: 11,
          severity: 'warning',
          message: [`expires on ${CERTIFICATE_ENDS}, in 10 days`],
          fix: ['before the old one expires'],
        },
      ],
    },
    {
      name: 'a certificate that expires in exactly 30 days (the edge of the window)',
      files: certificateSpec,
      today: daysFromEnd(-30),
      findings: [{ messageId: 'certificateExpiring', severity: 'warning', message: ['in 30 days'] }],
    },
    {
      name: 'a certificate that expires today',
      files: certificateSpec,
      today: CERTIFICATE_ENDS,
      findings: [
        { messageId: 'certificateExpiring', severity: 'warning', message: [`expires on ${CERTIFICATE_ENDS}, today`] },
      ],
    },
  ],
});
