import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { lint } from '../../src/lint/engine.js';
import type { Finding, Rule, Severity } from '../../src/lint/types.js';
import { remove } from './project.js';

/**
 * A small RuleTester in the manner of ESLint's: each case is a handful of project files, linted with one rule alone;
 * a valid case reports nothing, an invalid case reports exactly the listed findings, in order, each matched on
 * message id, path, line, column and severity (and, where given, text the message or fix must contain).
 */
export type ExpectedFinding = {
  messageId: string;
  /** Project-relative path; defaults to the case's only (or first) file. */
  path?: string;
  line?: number;
  column?: number;
  severity?: Severity;
  /** Substrings the message must contain (the user, the systems...), beyond the id. */
  message?: string[];
  fix?: string[];
  /** Paths of related locations, in order. */
  related?: string[];
};

export type RuleCase = {
  name: string;
  /** Project-relative path to content; sfdx-project.json (force-app) is added unless given. */
  files: Record<string, string>;
  /** Today, for date rules. */
  today?: string;
  /** Project-relative path to a symbolic link target (a dangling link is a file that cannot be read). */
  symlinks?: Record<string, string>;
};

export type InvalidCase = RuleCase & { findings: ExpectedFinding[] };

export const NS = 'http://soap.sforce.com/2006/04/metadata';
export const D = 'force-app/main/default';
export const TODAY = '2026-12-01';

/** `<?xml ...?><Root xmlns=...>body</Root>` as retrieve writes it. */
export function metadata(root: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">\n${body.replace(/^\n/, '').replace(/\s*$/, '')}\n</${root}>\n`;
}

/**
 * `alongside`: rules that run with the one under test, whose findings are not looked at. A rule that reads no file
 * types itself (parse-error reports what the others' reads could not parse) needs them to have anything to see.
 */
export type RuleTesterOptions = { alongside?: readonly Rule[] };

async function run(rule: Rule, c: RuleCase, options: RuleTesterOptions): Promise<Finding[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-rule-'));
  try {
    const files = {
      'sfdx-project.json': JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
      ...c.files,
    };
    mkdirSync(path.join(dir, 'force-app'), { recursive: true });
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    for (const [rel, target] of Object.entries(c.symlinks ?? {})) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      symlinkSync(target, path.join(dir, rel));
    }
    const result = await lint({ projectRoot: dir, today: c.today ?? TODAY }, [
      rule,
      ...(options.alongside ?? []).filter((r) => r !== rule),
    ]);
    return result.findings.filter((f) => f.ruleId === rule.meta.id);
  } finally {
    remove(dir);
  }
}

function describeFinding(f: Finding): string {
  return `${f.messageId ?? '?'} ${f.severity} ${f.location.path}:${f.location.line ?? '-'}:${f.location.column ?? '-'} ${f.message}`;
}

export function ruleTester(
  rule: Rule,
  cases: { valid: RuleCase[]; invalid: InvalidCase[] },
  options: RuleTesterOptions = {},
): void {
  describe(`${rule.meta.id} (rule table)`, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, async () => {
          const findings = await run(rule, c, options);
          expect(findings.map(describeFinding), c.name).to.deep.equal([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, async () => {
          const findings = await run(rule, c, options);
          const listing = findings.map(describeFinding).join('\n');
          expect(findings.length, `expected ${c.findings.length} finding(s), got:\n${listing}`).to.equal(
            c.findings.length,
          );
          const defaultPath = Object.keys(c.files).find((p) => p !== 'sfdx-project.json');
          c.findings.forEach((e, i) => {
            const f = findings[i];
            const where = `finding ${i + 1} of:\n${listing}`;
            expect(f.messageId, where).to.equal(e.messageId);
            expect(rule.meta.messages?.[e.messageId], `meta.messages declares ${e.messageId}`).to.be.a('string');
            expect(f.location.path, where).to.equal(e.path ?? defaultPath);
            if (e.line !== undefined) expect(f.location.line, where).to.equal(e.line);
            if (e.column !== undefined) expect(f.location.column, where).to.equal(e.column);
            if (e.severity) expect(f.severity, where).to.equal(e.severity);
            for (const part of e.message ?? []) expect(f.message, where).to.contain(part);
            for (const part of e.fix ?? []) expect(f.fix ?? '', where).to.contain(part);
            if (e.related)
              expect(
                (f.related ?? []).map((r) => r.path),
                where,
              ).to.deep.equal(e.related);
          });
        });
      }
    });
  });
}
