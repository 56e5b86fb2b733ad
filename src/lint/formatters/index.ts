import type { LintResult } from '../types.js';
import { toCsv } from './csv.js';
import { toHuman } from './human.js';
import { toJson } from './json.js';
import { toJUnit } from './junit.js';
import { toSarif, type SarifTool } from './sarif.js';

export { toCsv } from './csv.js';
export { toHuman } from './human.js';
export { toJson } from './json.js';
export { toJUnit } from './junit.js';
export { toSarif, type SarifTool } from './sarif.js';

/** Writes a report as text. `tool` names the program in formats that record it (SARIF). */
export type Formatter = (result: LintResult, tool?: SarifTool) => string;

/**
 * Every report format, by the name `--format` takes (as ESLint loads formatters by name): a new format is one file
 * and one entry here. Human output is uncoloured here (a command that colours calls toHuman itself).
 */
export const FORMATTERS = {
  human: (result) => toHuman(result, { color: false }).join('\n'),
  json: (result) => toJson(result),
  sarif: (result, tool) => JSON.stringify(toSarif(result, tool), null, 2) + '\n',
  junit: (result) => toJUnit(result),
  csv: (result) => toCsv(result),
} as const satisfies Record<string, Formatter>;

export type ReportFormat = keyof typeof FORMATTERS;

/** The formats, in the table's order, for a flag's `options`. */
export const REPORT_FORMATS = Object.keys(FORMATTERS) as ReportFormat[];

/** The report as text. SARIF names the plugin as its tool unless told otherwise. */
export function formatReport(result: LintResult, format: ReportFormat, tool?: SarifTool): string {
  if (!Object.hasOwn(FORMATTERS, format)) throw new Error(`Unknown report format: ${String(format)}`);
  const formatter: Formatter = FORMATTERS[format];
  return formatter(result, tool);
}
