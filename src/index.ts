/** Programmatic use of the plugin's two jobs, for scripts and other tools; the CLI commands are thin wrappers. */
export { generate, SpecError, type GenerateOptions, type GenerateResult } from './generate/generate.js';
export { lint, LintUsageError } from './lint/engine.js';
export { formatReport, type ReportFormat } from './lint/formatters/index.js';
export type { Finding, LintOptions, LintResult, Rule, RuleMeta, Severity } from './lint/types.js';
export { RULES } from './lint/rules/index.js';
