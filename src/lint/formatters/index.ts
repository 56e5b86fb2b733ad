import type { LintResult } from '../types.js';
import { toCsv } from './csv.js';
import { toHuman } from './human.js';
import { toJson } from './json.js';
import { toJUnit } from './junit.js';
import { toSarif, type SarifTool } from './sarif.js';

export { toCsv } from './csv.js';
export { toHuman, type HumanOptions } from './human.js';
export { toJson } from './json.js';
export { toJUnit } from './junit.js';
export { toSarif, type SarifTool } from './sarif.js';

export type ReportFormat = 'human' | 'json' | 'sarif' | 'junit' | 'csv';

/** Every format, for a flag's `options`. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['human', 'json', 'sarif', 'junit', 'csv'];

/**
 * The report as text. Human output is uncoloured here (a command that colours calls toHuman itself). SARIF names
 * the plugin as its tool unless told otherwise.
 */
export function formatReport(result: LintResult, format: ReportFormat, tool?: SarifTool): string {
  switch (format) {
    case 'human':
      return toHuman(result, { color: false }).join('\n');
    case 'json':
      return toJson(result);
    case 'sarif':
      return JSON.stringify(toSarif(result, tool), null, 2) + '\n';
    case 'junit':
      return toJUnit(result);
    case 'csv':
      return toCsv(result);
    default:
      throw new Error(`Unknown report format: ${String(format)}`);
  }
}
