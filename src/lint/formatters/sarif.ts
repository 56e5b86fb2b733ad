import { pathToFileURL } from 'node:url';
import type {
  Location as SarifLocation,
  Log,
  Notification,
  PhysicalLocation,
  ReportingDescriptor,
  ReportingDescriptorRelationship,
  Result,
  ToolComponent,
} from 'sarif';
import { PLUGIN } from '../../shared/plugin.js';
import { TAXONOMIES, type RuleReference } from '../references.js';
import type { Finding, LintResult, Location, RuleMeta, RuleSetting, Severity } from '../types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The plugin's home, where the README documents each rule. */
export const SARIF_INFORMATION_URI = 'https://github.com/sf-integration-governance/plugin';
/** Key of our fingerprint in result.partialFingerprints; bump the version if the fingerprint recipe changes. */
export const SARIF_FINGERPRINT_KEY = 'sfIntegrationLint/v1';
/** The uriBaseId every artifact location is relative to (GitHub code scanning maps it to the checkout). */
export const SARIF_SRCROOT = '%SRCROOT%';

const RULE_TAGS = ['salesforce', 'integration', 'governance'];

type RuleEntry = RuleMeta & { severity: RuleSetting };

/** What the log names as its tool: the plugin, by default. */
export type SarifTool = { name: string; version: string };

/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer): one run, one reportingDescriptor per rule,
 * one result per finding (suppressed ones carry `suppressions`, which code scanning shows as dismissed). The
 * references of the rules are taxonomies of the run, each rule related to its taxa.
 */
export function toSarif(result: LintResult, tool: SarifTool = PLUGIN): Log {
  const rules = descriptors(result);
  const taxonomies = taxonomiesOf(result.rules);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const notifications = result.expiredSuppressions.map((expired): Notification => ({
    descriptor: { id: 'expired-suppression' },
    level: 'warning',
    message: { text: expired.message },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            informationUri: SARIF_INFORMATION_URI,
            version: tool.version,
            semanticVersion: tool.version,
            ...(taxonomies.length > 0 ? { supportedTaxonomies: taxonomies.map((t) => ({ name: t.name })) } : {}),
            rules,
          },
        },
        ...(taxonomies.length > 0 ? { taxonomies } : {}),
        invocations: [
          notifications.length > 0
            ? { executionSuccessful: true, toolConfigurationNotifications: notifications }
            : { executionSuccessful: true },
        ],
        originalUriBaseIds: { [SARIF_SRCROOT]: { uri: directoryUri(result.projectRoot) } },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId) ?? 0)),
      },
    ],
  };
}

/** The README anchor of a rule. */
export function ruleHelpUri(docs: string): string {
  return `${SARIF_INFORMATION_URI}#${docs.replace(/^#/, '')}`;
}

/** Descriptors for the rules that ran, then (defensively) for any rule a finding names that is not among them. */
function descriptors(result: LintResult): ReportingDescriptor[] {
  const out: ReportingDescriptor[] = [];
  const seen = new Set<string>();
  for (const rule of result.rules) {
    if (seen.has(rule.id)) continue;
    seen.add(rule.id);
    out.push(descriptor(rule));
  }
  for (const finding of result.findings) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    out.push({
      id: finding.ruleId,
      name: ruleName(finding.ruleId),
      shortDescription: { text: finding.ruleId },
      defaultConfiguration: { level: level(finding.severity) },
      properties: { tags: RULE_TAGS },
    });
  }
  return out;
}

function descriptor(rule: RuleEntry): ReportingDescriptor {
  const helpUri = ruleHelpUri(rule.docs);
  const off = rule.severity === 'off';
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.why },
    help: {
      text: rule.howToFix,
      markdown: `${rule.howToFix}\n\n[Rule documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: off
      ? { enabled: false, level: level(rule.defaultSeverity) }
      : { level: level(rule.severity as Severity) },
    ...(rule.references?.length ? { relationships: rule.references.map(relationship) } : {}),
    properties: { tags: [...RULE_TAGS, ...(rule.references ?? []).map(referenceTag)] },
  };
}

function relationship(reference: RuleReference): ReportingDescriptorRelationship {
  return { target: { id: reference.id, toolComponent: { name: reference.taxonomy } }, kinds: [reference.kind] };
}

/** Code scanning filters alerts by tag, not by taxonomy: "external/owasp-nhi/nhi9", as CodeQL tags its CWEs. */
function referenceTag(reference: RuleReference): string {
  return `external/${reference.taxonomy}/${reference.id}`.toLowerCase();
}

/** The taxonomies the rules that ran refer to, each with the taxa they refer to, in the order references.ts defines. */
function taxonomiesOf(rules: RuleEntry[]): ToolComponent[] {
  const referenced = new Set(rules.flatMap((rule) => (rule.references ?? []).map((r) => `${r.taxonomy}/${r.id}`)));
  return Object.values(TAXONOMIES).flatMap((taxonomy): ToolComponent[] => {
    const taxa = Object.entries(taxonomy.taxa)
      .filter(([id]) => referenced.has(`${taxonomy.name}/${id}`))
      .map(([id, taxon]): ReportingDescriptor => ({
        id,
        name: ruleName(taxon.name),
        shortDescription: { text: taxon.name },
        ...(taxon.helpUri ? { helpUri: taxon.helpUri } : {}),
      }));
    if (taxa.length === 0) return [];
    const { name, fullName, organization, version, informationUri } = taxonomy;
    return [{ name, fullName, organization, version, informationUri, taxa }];
  });
}

function toResult(finding: Finding, ruleIndex: number): Result {
  const out: Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level(finding.severity),
    message: { text: finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: finding.fingerprint },
    properties: { subject: { ...finding.subject } },
  };
  if (finding.related && finding.related.length > 0) {
    out.relatedLocations = finding.related.map((loc, i): SarifLocation => ({
      id: i + 1,
      physicalLocation: physicalLocation(loc),
    }));
  }
  if (finding.suppressed) {
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: finding.suppressed.reason,
        properties: { source: finding.suppressed.kind },
      },
    ];
  }
  return out;
}

/** A region is always present: code scanning needs region.startLine to place an alert, so line 1 stands in. */
function physicalLocation(loc: Location): PhysicalLocation {
  const line = positive(loc.line);
  const column = line === undefined ? undefined : positive(loc.column);
  const absolute = isAbsolutePath(loc.path);
  return {
    artifactLocation: absolute
      ? { uri: pathToFileURL(loc.path).href }
      : { uri: relativeUri(loc.path), uriBaseId: SARIF_SRCROOT },
    region: column === undefined ? { startLine: line ?? 1 } : { startLine: line!, startColumn: column },
  };
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/** A project-relative path as a relative URI reference: forward slashes, each segment percent-encoded. */
function relativeUri(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function directoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    default:
      return 'note';
  }
}

/** 'shared-integration-user' -> 'SharedIntegrationUser' (SARIF's "name" is a readable identifier). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
