/**
 * The references the practice maps the rules to, defined once: the OWASP Non-Human Identities Top 10 (2025) and the
 * categories of the NIST Cybersecurity Framework 2.0. A rule names them in `meta.references`; SARIF carries them as
 * taxonomies with each rule's relationships to them, so code scanning users can filter by either.
 */

const OWASP_NHI_TAXA = {
  NHI1: 'Improper Offboarding',
  NHI2: 'Secret Leakage',
  NHI3: 'Vulnerable Third-Party NHI',
  NHI4: 'Insecure Authentication',
  NHI5: 'Overprivileged NHI',
  NHI6: 'Insecure Cloud Deployment Configurations',
  NHI7: 'Long-Lived Secrets',
  NHI8: 'Environment Isolation',
  NHI9: 'NHI Reuse',
  NHI10: 'Human Use of NHI',
} as const;

/** The categories of CSF 2.0 (NIST CSWP 29), by function: Govern, Identify, Protect, Detect, Respond, Recover. */
const NIST_CSF_TAXA = {
  'GV.OC': 'Organizational Context',
  'GV.RM': 'Risk Management Strategy',
  'GV.RR': 'Roles, Responsibilities, and Authorities',
  'GV.PO': 'Policy',
  'GV.OV': 'Oversight',
  'GV.SC': 'Cybersecurity Supply Chain Risk Management',
  'ID.AM': 'Asset Management',
  'ID.RA': 'Risk Assessment',
  'ID.IM': 'Improvement',
  'PR.AA': 'Identity Management, Authentication, and Access Control',
  'PR.AT': 'Awareness and Training',
  'PR.DS': 'Data Security',
  'PR.PS': 'Platform Security',
  'PR.IR': 'Technology Infrastructure Resilience',
  'DE.CM': 'Continuous Monitoring',
  'DE.AE': 'Adverse Event Analysis',
  'RS.MA': 'Incident Management',
  'RS.AN': 'Incident Analysis',
  'RS.CO': 'Incident Response Reporting and Communication',
  'RS.MI': 'Incident Mitigation',
  'RC.RP': 'Incident Recovery Plan Execution',
  'RC.CO': 'Incident Recovery Communication',
} as const;

export type OwaspNhiId = keyof typeof OWASP_NHI_TAXA;
export type NistCsfId = keyof typeof NIST_CSF_TAXA;
export type TaxonomyName = 'OWASP-NHI' | 'NIST-CSF';

/**
 * How a rule relates to a taxon, in SARIF's words: `superset` when every finding of the rule is an instance of the
 * taxon (secret-in-source and Secret Leakage), `relevant` when the rule finds part of what the taxon is about.
 */
export type ReferenceKind = 'superset' | 'relevant';

export type RuleReference =
  | { taxonomy: 'OWASP-NHI'; id: OwaspNhiId; kind: ReferenceKind }
  | { taxonomy: 'NIST-CSF'; id: NistCsfId; kind: ReferenceKind };

export type Taxonomy = {
  /** What references and SARIF relationships name it by. */
  name: TaxonomyName;
  fullName: string;
  organization: string;
  version: string;
  informationUri: string;
  taxa: Record<string, { name: string; helpUri?: string }>;
};

const OWASP_NHI_URI = 'https://owasp.org/www-project-non-human-identities-top-10/2025/';

/** Each OWASP risk has its page at <number>-<title in kebab case>/ (NHI3: 3-vulnerable-third-party-nhi/). */
function owaspNhiPage(id: string, title: string): string {
  return `${OWASP_NHI_URI}${id.replace('NHI', '')}-${title.toLowerCase().replace(/ /g, '-')}/`;
}

export const TAXONOMIES: Readonly<Record<TaxonomyName, Taxonomy>> = {
  'OWASP-NHI': {
    name: 'OWASP-NHI',
    fullName: 'OWASP Non-Human Identities Top 10',
    organization: 'OWASP',
    version: '2025',
    informationUri: `${OWASP_NHI_URI}top-10-2025/`,
    taxa: Object.fromEntries(
      Object.entries(OWASP_NHI_TAXA).map(([id, name]) => [id, { name, helpUri: owaspNhiPage(id, name) }]),
    ),
  },
  'NIST-CSF': {
    name: 'NIST-CSF',
    fullName: 'NIST Cybersecurity Framework',
    organization: 'NIST',
    version: '2.0',
    informationUri: 'https://www.nist.gov/cyberframework',
    taxa: Object.fromEntries(Object.entries(NIST_CSF_TAXA).map(([id, name]) => [id, { name }])),
  },
};
