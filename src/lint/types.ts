import type { RuleReference } from './references.js';

/** Severities, most severe first. `note` is informational (SARIF "note"). */
export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

/** Where a finding is: a project-relative path (forward slashes), 1-based line and column where known. */
export type Location = { path: string; line?: number; column?: number };

/**
 * What a finding is about, for its fingerprint: stable across re-retrieves and reformatting, so never a line number.
 * e.g. { type: 'ValidationRule', name: 'Opportunity.Amount_Locked', element: 'errorConditionFormula', detail: '$User.Username' }
 */
export type Subject = { type: string; name: string; element?: string; detail?: string };

export type Finding = {
  ruleId: string;
  /** Which of the rule's messages (RuleMeta.messages) this is: what tests and tools match on, not the wording. */
  messageId?: string;
  severity: Severity;
  message: string;
  /** How to fix it, concretely (the custom permission to create, the replacement expression, ...). */
  fix?: string;
  location: Location;
  /** Other places that belong to the same finding (the other users of a shared username, say). */
  related?: Location[];
  subject: Subject;
  /** sha256-based, from ruleId and subject only. Filled in by the engine. */
  fingerprint: string;
  /** Set by the engine when a config suppression or the baseline covers it. */
  suppressed?: { kind: 'config' | 'baseline'; reason: string };
};

/** Rule metadata, shown in help, README and SARIF. */
export type RuleMeta = {
  id: string;
  defaultSeverity: Severity;
  /** One line: what it finds. */
  summary: string;
  /** Why it matters. */
  why: string;
  /** How to fix, in general. */
  howToFix: string;
  /** Anchor in the README's rule docs. */
  docs: string;
  /**
   * The rule's messages by id, as templates: `{{name}}` is replaced with the finding's data. A finding reports a
   * messageId (and data) instead of composing its text, so the wording lives here, once.
   */
  messages?: Record<string, string>;
  /** What the practice maps the rule to (OWASP NHI Top 10, NIST CSF 2.0); the taxa are defined in references.ts. */
  references?: RuleReference[];
};

/**
 * A finding as a rule reports it; the engine fills in severity (from config) and fingerprint, and the message from
 * the rule's template when the finding gives a messageId and data instead of a message.
 */
export type RuleFinding = Omit<Finding, 'fingerprint' | 'severity' | 'ruleId' | 'suppressed' | 'message'> & {
  severity?: Severity;
  message?: string;
  data?: Record<string, string | number>;
};

export type Rule = {
  meta: RuleMeta;
  /** Metadata types (registry names, e.g. 'ConnectedApp', 'ValidationRule') and pseudo types this rule reads. */
  reads: readonly string[];
  /**
   * Types this rule must see project-wide even when only some files are reported on (a pre-commit run on five
   * files still needs every connected app to know whether a username is shared). Others are read only in scope.
   * What a rule learns across files it reads from `ctx.project`, and only these types there.
   */
  crossFile?: readonly string[];
  /**
   * Types this rule needs only when their text matches (a field's lookup filter must mention $User): a file of such a
   * type that no reading rule's filter matches is read but not parsed. Many small files (13,000 fields) cost little then.
   */
  textFilter?: Readonly<Record<string, RegExp>>;
  run(ctx: RuleContext): RuleFinding[] | Promise<RuleFinding[]>;
};

/** A project file the engine found, with what it holds. */
export type ProjectFile = {
  /** Absolute path. */
  absolute: string;
  /** Project-relative, forward slashes. */
  path: string;
  /** Metadata type name from the SDR registry (source or metadata format), or a pseudo type: IntegrationSpec, UserDefinition. */
  type: string;
  /** Component full name where the file names one (Opportunity.Amount_Locked for a validation rule). */
  fullName: string;
  format: 'source' | 'metadata' | 'spec' | 'config';
  /** Bytes, once the engine has statted it. */
  size?: number;
};

/**
 * A parsed XML file with positions. Element trees are plain objects from fast-xml-parser; `locate` turns an element
 * path into a line and column by scanning the text, so positions cost nothing until a finding needs one.
 */
export type XmlFile = {
  file: ProjectFile;
  text: string;
  /** The root element's name (e.g. ConnectedApp). */
  root: string;
  /** The root element's content as parsed by fast-xml-parser (every element an array); built on first access. */
  data: Record<string, unknown>;
  /**
   * The elements <tag> anywhere in the file, each parsed on its own, with its offset: for rules that need a few
   * elements of a large file (userPermissions of a profile) without building the whole tree.
   */
  blocks(tag: string): Array<{ node: Record<string, unknown>; offset: number }>;
  /** Line and column of the nth (0-based) occurrence of <tag> in the file, optionally at or after an offset. */
  locateTag(
    tag: string,
    occurrence?: number,
    fromOffset?: number,
  ): { line: number; column: number; offset: number } | undefined;
  /** Line and column of a character offset. */
  position(offset: number): { line: number; column: number };
};

/** Files of the types rules read project-wide (their crossFile types): what a rule learns across files. */
export type ProjectFiles = {
  /** The same object for the shared files and every batch checked with them: a cache key for what only they decide. */
  sharedKey?: object;
  xml(type: string): XmlFile[];
  specs(): SpecFileView[];
  userDefinitions(): UserDefinitionView[];
};

export type RuleContext = {
  projectRoot: string;
  /**
   * The project-wide files (the shared files of a run, whatever it reports on): a rule learns across files from
   * these (the identity graph, who uses a permission set), and only reads its crossFile types here. xml(), text(),
   * specs() and userDefinitions() hold the files this run reports on, where a rule's findings come from: a batch's
   * own files, or the shared files in the run that reports on them. So a batch does not redo the shared files'
   * findings, which another run reports.
   */
  project: ProjectFiles;
  config: LintConfig;
  /** Today's date (YYYY-MM-DD), injectable for tests. */
  today: string;
  /** Files that could not be read or parsed. */
  parseProblems: ParseProblem[];
  /** Files of the given types, parsed (errors already reported as parse-error findings). */
  xml(type: string): XmlFile[];
  /** Raw files of a type that is not XML (ApexClass, ApexTrigger bodies). */
  text(type: string): Array<{ file: ProjectFile; text: string }>;
  /** Integration specs, leniently parsed (governance rules must see bad specs too). */
  specs(): SpecFileView[];
  /** User definitions for `sf org create user` (config/*.json with a Username). */
  userDefinitions(): UserDefinitionView[];
};

/** Why a file could not be read or parsed: one of the parse-error rule's message ids (its wording is there). */
export type ParseProblemId =
  | 'tooLarge'
  | 'unreadableFile'
  | 'unreadableDirectory'
  | 'binary'
  | 'empty'
  | 'malformedSpec'
  | 'malformedJson'
  | 'malformedXml'
  | 'malformedXmlElement'
  | 'invalidForceIgnore';

export type ParseProblem = {
  file: { path: string; type: string; fullName: string };
  messageId: ParseProblemId;
  data?: Record<string, string | number>;
  line?: number;
  column?: number;
};

export type SpecFileView = {
  file: ProjectFile;
  /** Parsed content (any shape: the spec may be invalid). */
  data: Record<string, unknown>;
  /** Line and column of a key path, e.g. ['user', 'username']. */
  locate(path: Array<string | number>): { line?: number; column?: number };
};

export type UserDefinitionView = {
  file: ProjectFile;
  data: Record<string, unknown>;
  /** Line and column of a top-level key. */
  locate(key: string): { line?: number; column?: number };
};

export type RuleSetting = 'off' | Severity;

export type Suppression = {
  fingerprint?: string;
  /** Glob of project-relative paths. */
  path?: string;
  rule?: string;
  reason: string;
  /** YYYY-MM-DD; after it the suppression stops suppressing and says so. */
  expires: string;
};

export type LintConfig = {
  rules: Record<string, RuleSetting>;
  allow: { usernames: string[]; profiles: string[] };
  ignore: string[];
  suppressions: Suppression[];
  licenseAllotment: number;
  /** Files above this size (bytes) are reported, not parsed. */
  maxFileBytes: number;
  /** Where the config was read from, if anywhere. */
  source?: string;
};

export type Threshold = Severity | 'none';

/** The thresholds a `--severity-threshold` flag takes: a severity, or none (never fail). */
export const THRESHOLDS: readonly Threshold[] = [...SEVERITIES, 'none'];

export type LintOptions = {
  projectRoot: string;
  /** Directories to lint (project-relative or absolute); default: the packageDirectories of sfdx-project.json. */
  sourceDirs?: string[];
  /** Only report findings in these files (what lint-staged passes); cross-file rules still read everything. */
  paths?: string[];
  /** Only report findings in files changed since this git ref. */
  changedSince?: string;
  /** Config file; default .sf-integration-lint.yml (or .yaml, .json) in the project root. */
  configPath?: string;
  /** Baseline file of fingerprints to accept. */
  baselinePath?: string;
  /** Lowest severity that fails the run; default error. */
  threshold?: Threshold;
  /** YYYY-MM-DD, for tests. */
  today?: string;
  /** Threads that check files: auto (by project size and cores), off, or a number; the findings are the same. */
  concurrency?: 'auto' | 'off' | number;
  /** Largest batch of files checked at once (tests and the benchmark make it small); default BATCH_LIMITS. */
  batchLimits?: { files: number; bytes: number };
};

export type ExpiredSuppression = { suppression: Suppression; message: string };

export type LintSummary = {
  /** Files read by the engine. */
  files: number;
  errors: number;
  warnings: number;
  notes: number;
  /** Findings hidden by config suppressions. */
  suppressed: number;
  /** Findings accepted by the baseline. */
  baselined: number;
};

export type LintResult = {
  projectRoot: string;
  /** Every finding, sorted by path, line, column, rule; suppressed ones carry `suppressed`. */
  findings: Finding[];
  summary: LintSummary;
  /** Rules that ran, with their effective severities. */
  rules: Array<RuleMeta & { severity: RuleSetting }>;
  threshold: Threshold;
  /** True when an unsuppressed finding is at or above the threshold. */
  failed: boolean;
  expiredSuppressions: ExpiredSuppression[];
  durationMs: number;
};
