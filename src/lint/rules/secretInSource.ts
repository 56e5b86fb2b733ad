import { SPEC_TYPE, USER_DEFINITION_TYPE } from '../discovery.js';
import { children, childText } from '../xml.js';
import { lineColumn } from '../analysis/position.js';
import { isDummyToken, isTestSource, namesSecret, PLACEHOLDER, secretStrength } from '../analysis/secrets.js';
import type { Rule, RuleContext, RuleFinding, XmlFile } from '../types.js';

/** Elements that hold a secret, by the metadata type that has them: element path from the root. */
const SECRET_ELEMENTS: Record<string, string[][]> = {
  ConnectedApp: [['oauthConfig', 'consumerSecret']],
  ExtlClntAppGlobalOauthSettings: [['consumerSecret']],
  AuthProvider: [['consumerSecret']],
  NamedCredential: [['password'], ['oauthToken'], ['awsAccessSecret']],
  ExternalDataSource: [['password'], ['oauthToken']],
};

/** High-confidence token formats, wherever they appear. */
const TOKEN_PATTERNS: Array<{ name: string; re: RegExp }> = [
  // With a key body after it: the header alone is code that strips it (.replace('-----BEGIN PRIVATE KEY-----', '')).
  {
    name: 'a PEM private key',
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----(?:\\[nr]|\s|['"+]|&#1[03];)*[A-Za-z0-9+/]{40}/g,
  },
  { name: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'a Stripe live secret key', re: /\bsk_live_[0-9a-zA-Z]{20,}\b/g },
  { name: 'a Slack token', re: /\bxox[baprs]-[0-9A-Za-z-]{10,}\b/g },
  { name: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { name: 'a Salesforce session id or access token', re: /\b00D[a-zA-Z0-9]{12,15}![A-Za-z0-9._]{40,}/g },
  { name: 'a Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
];

/**
 * What every token pattern starts with, in one expression: a file without any of these holds no token, and is
 * scanned once instead of once per pattern. A superset of the patterns (no word boundaries, no lengths).
 */
const TOKEN_PREFIXES = /-----BEGIN |AKIA|ASIA|sk_live_|xox[baprs]-|gh[pousr]_|00D[a-zA-Z0-9]{12,15}!|AIza/;

/** Apex: a literal assigned to, or passed as, something named like a secret; a literal Authorization header. */
const APEX_SECRET_ASSIGNMENT =
  /\b(\w*(?:password|passwd|pwd|secret|apikey|api_key|accesstoken|access_token|authtoken|auth_token|privatekey|private_key|clientsecret|client_secret)\w*)\s*=\s*'((?:[^'\\\n]|\\.){4,})'/gi;
const APEX_AUTH_HEADER = /setHeader\s*\(\s*'Authorization'\s*,\s*'((?:Bearer|Basic)\s+(?:[^'\\\n]|\\.){8,})'/gi;

const ROTATE =
  'Remove it from the file and from git history, revoke and rotate it, and load it at run time from a Named/External Credential or a protected custom setting.';

/** Known token formats in a file; in test code (fixtures) a warning, and documented dummies (…EXAMPLE) not at all. */
function tokenFindings(
  path: string,
  type: string,
  name: string,
  text: string,
  testCode: () => boolean = (): boolean => false,
): RuleFinding[] {
  const out: RuleFinding[] = [];
  if (!TOKEN_PREFIXES.test(text)) return out;
  const inTest = testCode();
  for (const { name: what, re } of TOKEN_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (what !== 'a PEM private key' && isDummyToken(m[0])) continue;
      out.push({
        ...(inTest ? { severity: 'warning' as const } : {}),
        messageId: inTest ? 'tokenInTest' : 'token',
        data: { what, path },
        fix: ROTATE,
        location: { path, ...lineColumn(text, m.index) },
        subject: { type, name, element: what, detail: m[0].slice(0, 12) },
      });
    }
  }
  return out;
}

function elementFindings(xml: XmlFile, paths: string[][]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const elementPath of paths) {
    let nodes = [xml.data];
    for (const tag of elementPath.slice(0, -1)) nodes = nodes.flatMap((n) => children(n, tag));
    const leaf = elementPath[elementPath.length - 1];
    nodes.forEach((n) => {
      const value = childText(n, leaf);
      const strength = value === undefined ? 'none' : secretStrength(value, true);
      if (strength === 'none') return;
      const pos = xml.locateTag(leaf);
      out.push({
        ...(strength === 'weak' ? { severity: 'warning' as const } : {}),
        messageId: 'element',
        data: { type: xml.file.type, name: xml.file.fullName, element: elementPath.join('.') },
        fix: `Remove <${leaf}> from the file (and from git history), rotate the secret in Salesforce and in the external system, and keep it out of version control; Salesforce generates or stores it on its side.`,
        location: { path: xml.file.path, line: pos?.line, column: pos?.column },
        subject: { type: xml.file.type, name: xml.file.fullName, element: elementPath.join('.') },
      });
    });
  }
  return out;
}

/** Config.test, Settings.Sample_2, Zephr.TestData, Api.Demo: names of test fixtures (a camel-case word after the prefix counts). */
const TEST_RECORD =
  /^(?:[Tt]est(?:s|ing)?|[Ss]ample|[Ee]xample|[Dd]emo|[Dd]ummy|[Mm]ock|[Ff]ake)(?:[_\dA-Z]|$)|^(?:TEST|SAMPLE|DEMO)\b|_(?:[Tt]est|[Ss]ample|[Ee]xample|[Dd]emo|[Dd]ummy)$/;

/** Custom metadata records: a field named for a secret (not Token_URL__c) holding a value shaped like one. */
function customMetadataFindings(xml: XmlFile): RuleFinding[] {
  const out: RuleFinding[] = [];
  children(xml.data, 'values').forEach((v, idx) => {
    const field = childText(v, 'field') ?? '';
    const value = childText(v, 'value');
    if (!namesSecret(field) || value === undefined) return;
    const strength = secretStrength(value);
    if (strength === 'none') return;
    const at = xml.locateTag('values', idx);
    const pos = (at && xml.locateTag('value', 0, at.offset)) ?? at;
    // A record named as a test fixture (Config.test, Settings.Sample) holds test values, most likely.
    const testRecord = TEST_RECORD.test(xml.file.fullName.slice(xml.file.fullName.indexOf('.') + 1));
    out.push({
      ...(strength === 'weak' || testRecord ? { severity: 'warning' as const } : {}),
      messageId: testRecord
        ? 'customMetadataTestRecord'
        : strength === 'weak'
          ? 'customMetadataWeak'
          : 'customMetadata',
      data: { name: xml.file.fullName, field },
      fix: 'Move the value to a Named/External Credential or a protected custom setting; remove it from the record and from git history, and rotate it.',
      location: { path: xml.file.path, line: pos?.line, column: pos?.column },
      subject: { type: 'CustomMetadata', name: xml.file.fullName, element: field },
    });
  });
  return out;
}

function stripApexComments(source: string): string {
  // Blank out comments (keeping offsets) but not string contents; a secret in a comment is still a leak, so comments
  // are only blanked for the assignment patterns, not for the token patterns.
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
}

function apexFindings(file: { path: string; type: string; fullName: string }, source: string): RuleFinding[] {
  // Whether it is test code matters only for what is found (most classes hold nothing): worked out then, once.
  let test: boolean | undefined;
  const testCode = (): boolean => (test ??= isTestSource(file.fullName, source));
  const out = tokenFindings(file.path, file.type, file.fullName, source, testCode);
  // The assignment patterns need a secret-like name or an Authorization header; most classes have neither.
  if (!/passw|pwd|secret|api_?key|token|private_?key|authorization/i.test(source)) return out;
  const inTest = testCode();
  const code = stripApexComments(source);
  for (const re of [APEX_SECRET_ASSIGNMENT, APEX_AUTH_HEADER]) {
    re.lastIndex = 0;
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const header = re === APEX_AUTH_HEADER;
      // A header value is "<scheme> <credentials>": judge the credentials. A name like TOKEN_PARAM = 'access_token' holds a key's name.
      const strength = secretStrength(header ? m[1].replace(/^\S+\s+/, '') : m[2]);
      if (strength === 'none' || (inTest && strength === 'weak')) continue;
      // `'&api_key=' + key`: the literal is the start of a query string the real value is appended to.
      if (!header && /[=&?:/]$/.test(m[2]) && /^\s*\+/.test(code.slice(m.index + m[0].length))) continue;
      const severity = inTest ? 'note' : strength === 'weak' ? 'warning' : undefined;
      const what = header ? 'a literal Authorization header' : `a literal assigned to ${m[1]}`;
      out.push({
        ...(severity ? { severity } : {}),
        messageId: inTest ? 'apexLiteralInTest' : strength === 'weak' ? 'apexLiteralWeak' : 'apexLiteral',
        data: { type: file.type === 'ApexTrigger' ? 'Trigger' : 'Class', name: file.fullName, what },
        fix: 'Use a Named Credential (callout:Name) so Salesforce injects the credential; remove the literal from the code and git history, and rotate it.',
        location: { path: file.path, ...lineColumn(source, m.index) },
        subject: { type: file.type, name: file.fullName, element: header ? 'Authorization' : m[1].toLowerCase() },
      });
    }
  }
  return out;
}

const SECRET_KEY = /^(password|secret|clientsecret|consumersecret|token|accesstoken|refreshtoken)$/i;

function documentFinding(
  file: RuleContext['parseProblems'][number]['file'],
  key: string,
  pos: { line?: number; column?: number },
): RuleFinding {
  return {
    messageId: 'document',
    data: { path: file.path, key },
    fix: `Remove "${key}" from the file and from git history, and rotate it; for sf org create user use "generatePassword": true instead.`,
    location: { path: file.path, ...pos },
    subject: { type: file.type, name: file.fullName, element: key },
  };
}

function isSecretEntry([key, value]: [string, unknown]): boolean {
  return SECRET_KEY.test(key) && typeof value === 'string' && !PLACEHOLDER.test(value.trim());
}

function documentFindings(ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const spec of ctx.specs()) {
    for (const [key] of Object.entries(spec.data).filter(isSecretEntry))
      out.push(documentFinding(spec.file, key, spec.locate([key])));
  }
  for (const def of ctx.userDefinitions()) {
    for (const [key] of Object.entries(def.data).filter(isSecretEntry))
      out.push(documentFinding(def.file, key, def.locate(key)));
  }
  return out;
}

export const secretInSource: Rule = {
  meta: {
    id: 'secret-in-source',
    defaultSeverity: 'error',
    summary:
      'Consumer secrets, passwords, tokens and access keys committed in metadata, Apex, specs or user definitions.',
    why: 'Anything in the repository is readable by everyone with access to it, and stays in git history: a committed secret is a leaked secret.',
    howToFix:
      'Remove the secret from the file and from git history, rotate it, and let Salesforce hold it (Named/External Credentials, the app’s own consumer secret).',
    docs: 'secret-in-source',
    references: [
      { taxonomy: 'OWASP-NHI', id: 'NHI2', kind: 'superset' },
      { taxonomy: 'OWASP-NHI', id: 'NHI7', kind: 'relevant' },
      { taxonomy: 'NIST-CSF', id: 'PR.AA', kind: 'superset' },
      { taxonomy: 'NIST-CSF', id: 'PR.DS', kind: 'relevant' },
    ],
    messages: {
      token: '{{what}} is committed in {{path}}.',
      tokenInTest: '{{what}} is committed in {{path}}, in test code: if it is a real one, it is leaked all the same.',
      element: '{{type}} {{name}} has its {{element}} committed in source.',
      customMetadata: 'Custom metadata record {{name}} stores {{field}} in source.',
      customMetadataTestRecord:
        'Custom metadata record {{name}}, named as a test record, stores {{field}} in source: if the value is a real credential, it is leaked all the same.',
      customMetadataWeak:
        'Custom metadata record {{name}} stores {{field}} in source (a short value: check whether it is a real credential).',
      apexLiteral: '{{type}} {{name}} hard-codes {{what}}.',
      apexLiteralWeak: '{{type}} {{name}} hard-codes {{what}} (a short value: check whether it is a real credential).',
      apexLiteralInTest:
        '{{type}} {{name}} hard-codes {{what}} in test code: if it is a real credential, it is leaked all the same.',
      document: '{{path}} has a {{key}} in it.',
    },
  },
  reads: [
    ...Object.keys(SECRET_ELEMENTS),
    'CustomMetadata',
    'ApexClass',
    'ApexTrigger',
    SPEC_TYPE,
    USER_DEFINITION_TYPE,
  ],
  run(ctx) {
    const out: RuleFinding[] = [];
    for (const [type, paths] of Object.entries(SECRET_ELEMENTS)) {
      for (const xml of ctx.xml(type)) {
        out.push(...elementFindings(xml, paths), ...tokenFindings(xml.file.path, type, xml.file.fullName, xml.text));
      }
    }
    for (const xml of ctx.xml('CustomMetadata'))
      out.push(
        ...customMetadataFindings(xml),
        ...tokenFindings(xml.file.path, 'CustomMetadata', xml.file.fullName, xml.text),
      );
    for (const type of ['ApexClass', 'ApexTrigger'])
      for (const f of ctx.text(type)) out.push(...apexFindings(f.file, f.text));
    out.push(...documentFindings(ctx));
    return out;
  },
};
