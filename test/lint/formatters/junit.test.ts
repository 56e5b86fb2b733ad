import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { toJUnit, xmlAttr, xmlText } from '../../../src/lint/formatters/junit.js';
import { FINDINGS, FORMULA, NASTY, RULES, makeResult } from './fixture.js';

type Attrs = Record<string, string>;
type TestCase = Attrs & {
  failure?: Attrs & { '#text'?: string };
  skipped?: Attrs;
  'system-out'?: string;
};
type TestSuite = Attrs & { testcase: TestCase[] };
type Parsed = { testsuites: Attrs & { testsuite: TestSuite[] } };

function parse(xml: string): Parsed {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    trimValues: false,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name): boolean => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as Parsed;
}

function suite(parsed: Parsed, name: string): TestSuite {
  const found = parsed.testsuites.testsuite.find((s) => s.name === name);
  if (!found) throw new Error(`no suite ${name}`);
  return found;
}

describe('toJUnit', () => {
  const xml = toJUnit(makeResult());
  const parsed = parse(xml);

  it('is well-formed XML with a declaration', () => {
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).to.equal(true);
    expect(xml.endsWith('</testsuites>\n')).to.equal(true);
  });

  it('is well-formed for libxml2 too (which rejects characters XML 1.0 forbids)', async () => {
    const check = async (contents: string): Promise<string[]> =>
      (await validateXML({ xml: [{ fileName: 'junit.xml', contents }], normalization: 'c14n' })).errors.map(
        (e) => e.rawMessage,
      );
    expect(await check(xml)).to.deep.equal([]);
    // control: the same document with the bell left in is rejected
    expect(await check(xml.replace('Formula tests', 'Formula\u0007 tests'))).not.to.deep.equal([]);
  });

  it('counts tests, failures and skips', () => {
    const root = parsed.testsuites;
    expect(root.name).to.equal('sf-integration-lint');
    // 7 findings + 1 passing case for the rule without findings
    expect(root.tests).to.equal('8');
    expect(root.failures).to.equal('4');
    expect(root.errors).to.equal('0');
    expect(root.skipped).to.equal('2');
    expect(root.time).to.equal('1.234');
    let tests = 0;
    for (const s of root.testsuite) {
      expect(Number(s.tests), s.name).to.equal(s.testcase.length);
      expect(Number(s.failures), s.name).to.equal(s.testcase.filter((c) => c.failure !== undefined).length);
      expect(Number(s.skipped), s.name).to.equal(s.testcase.filter((c) => c.skipped !== undefined).length);
      tests += s.testcase.length;
    }
    expect(tests).to.equal(8);
  });

  it('has one suite per rule, in rule order', () => {
    expect(parsed.testsuites.testsuite.map((s) => s.name)).to.deep.equal(RULES.map((r) => r.id));
    const hardcoded = suite(parsed, 'hardcoded-integration-username');
    expect([hardcoded.tests, hardcoded.failures, hardcoded.skipped]).to.deep.equal(['3', '2', '1']);
  });

  it('names test cases by rule, subject and line, classed by path', () => {
    const cases = suite(parsed, 'hardcoded-integration-username').testcase;
    expect(cases.map((c) => c.name)).to.deep.equal([
      'hardcoded-integration-username ApexClass LegacySync (line 42)',
      'hardcoded-integration-username ValidationRule Opportunity.Amount_Locked (line 6)',
      'hardcoded-integration-username ValidationRule Opportunity.Amount_Locked (line 9)',
    ]);
    expect(cases[1].classname).to.equal(FINDINGS[3].location.path);
    expect(suite(parsed, 'license-allotment').testcase[0].name).to.equal(
      'license-allotment IntegrationSpec billing sync',
    );
  });

  it('reports errors and warnings as failures with details', () => {
    const vr = suite(parsed, 'hardcoded-integration-username').testcase[1];
    expect(vr.failure?.message).to.equal(NASTY);
    expect(vr.failure?.type).to.equal('error');
    const body = vr.failure?.['#text'] ?? '';
    expect(body).to.contain(`error: ${NASTY}`);
    expect(body).to.contain(`at ${FINDINGS[3].location.path}:6:5`);
    expect(body).to.contain(`Fix: ${FINDINGS[3].fix!}`);
    expect(body).to.contain('https://github.com/sf-integration-governance/plugin#hardcoded-integration-username');
    expect(body).to.contain(FINDINGS[3].fingerprint);
    const warning = suite(parsed, 'oauth-broad-scope').testcase[0];
    expect(warning.failure?.type).to.equal('warning');
    const shared = suite(parsed, 'shared-integration-user').testcase[0];
    expect(shared.failure?.['#text']).to.contain(
      'Related: integrations/billing sync.integration.yml:3:3, config/erp-user-def.json',
    );
  });

  it('passes notes with their text in system-out', () => {
    const note = suite(parsed, 'license-allotment').testcase[0];
    expect(note.failure).to.equal(undefined);
    expect(note['system-out']).to.contain(FORMULA);
  });

  it('skips suppressed findings with their reason', () => {
    const cases = suite(parsed, 'oauth-broad-scope').testcase;
    expect(cases[1].skipped?.message).to.equal('Decommissioned in Q3 & "tracked" in <JIRA-123>');
    expect(cases[1].failure).to.equal(undefined);
    const baselined = suite(parsed, 'hardcoded-integration-username').testcase[0];
    expect(baselined.skipped?.message).to.equal(FINDINGS[0].suppressed!.reason);
  });

  it('gives a rule without findings one passing test case', () => {
    const apiOnly = suite(parsed, 'api-only-user');
    expect(apiOnly.testcase).to.have.length(1);
    expect(apiOnly.testcase[0].name).to.equal('api-only-user: no findings');
    expect(apiOnly.testcase[0].failure).to.equal(undefined);
    expect(apiOnly.testcase[0].skipped).to.equal(undefined);
  });

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(xml).not.to.contain('<b>');
    expect(xml).to.contain('&lt;b&gt;&apos;x&apos;&lt;/b&gt;');
    expect(xml).to.contain('&quot;sync@acme.com&quot; &amp;&amp;');
    expect(xml).not.to.contain('\u0007');
    const bell = suite(parsed, 'hardcoded-integration-username').testcase[2];
    // the bell is gone; the line break survives inside the attribute as &#10;
    expect(bell.failure?.message).to.equal(FINDINGS[4].message.replace('\u0007', ''));
    expect(xmlText('a\u0000b\u0008c\u000Bd\uFFFEe\uD800f\uDC00g\uD83D\uDE00')).to.equal('abcdefg\uD83D\uDE00');
    expect(xmlAttr('<&>"\'\t\n\r')).to.equal('&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;');
    expect(xmlText('a\tb\nc\rd')).to.equal('a\tb\nc&#13;d');
  });

  it('marks rules that are off as skipped, and is valid with no findings at all', () => {
    const rules = RULES.map((r) => (r.id === 'api-only-user' ? { ...r, severity: 'off' as const } : r));
    const empty = toJUnit(makeResult({ findings: [], rules }));
    expect(XMLValidator.validate(empty)).to.equal(true);
    const root = parse(empty).testsuites;
    expect([root.tests, root.failures, root.skipped]).to.deep.equal(['5', '0', '1']);
    expect(suite(parse(empty), 'api-only-user').testcase[0].skipped?.message).to.equal('rule is off');
  });
});
