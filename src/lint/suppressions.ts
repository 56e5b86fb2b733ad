import { readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { LintUsageError } from './errors.js';
import type { ExpiredSuppression, Finding, LintConfig } from './types.js';

/** Applies config suppressions (reason and expiry required) and the baseline; reports expired suppressions. */
export function applySuppressions(
  findings: Finding[],
  config: LintConfig,
  baseline: Set<string>,
  today: string,
): ExpiredSuppression[] {
  const expired: ExpiredSuppression[] = [];
  const matchers = config.suppressions.map((s) => ({
    s,
    glob: s.path ? picomatch(s.path, { dot: true }) : undefined,
    used: false,
  }));
  for (const f of findings) {
    for (const m of matchers) {
      const hit =
        (m.s.fingerprint ? m.s.fingerprint === f.fingerprint : true) &&
        (m.glob ? m.glob(f.location.path) : true) &&
        (m.s.rule ? m.s.rule === f.ruleId : true);
      if (!hit) continue;
      if (m.s.expires < today) {
        if (!m.used) {
          expired.push({
            suppression: m.s,
            message: `suppression of ${m.s.fingerprint ?? m.s.path ?? ''} ("${m.s.reason}") expired on ${m.s.expires}; its findings are reported again. Fix them or renew the suppression with a new date.`,
          });
        }
        m.used = true;
        continue;
      }
      m.used = true;
      f.suppressed = { kind: 'config', reason: m.s.reason };
      break;
    }
    if (!f.suppressed && baseline.has(f.fingerprint)) f.suppressed = { kind: 'baseline', reason: 'in the baseline' };
  }
  return expired;
}

export async function readBaseline(projectRoot: string, baselinePath?: string): Promise<Set<string>> {
  if (!baselinePath) return new Set();
  const file = path.resolve(projectRoot, baselinePath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new LintUsageError(`cannot read the baseline ${baselinePath}: ${(e as Error).message}`, [
      'Write one first with --write-baseline.',
    ]);
  }
  try {
    const parsed = JSON.parse(text) as { findings?: Array<{ fingerprint?: string }> };
    return new Set((parsed.findings ?? []).map((f) => f.fingerprint).filter((f): f is string => typeof f === 'string'));
  } catch (e) {
    throw new LintUsageError(`the baseline ${baselinePath} is not valid JSON: ${(e as Error).message}`, [
      'Write it again with --write-baseline.',
    ]);
  }
}
