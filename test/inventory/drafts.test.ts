import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { SpecError } from '../../src/generate/generate.js';
import { inventory, type InventoryResult } from '../../src/inventory/inventory.js';
import { lint } from '../../src/lint/engine.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { run } from '../helpers/generate.js';
import { remove } from '../helpers/project.js';

const TODAY = '2026-06-01';

/** A draft completed as a person would: owners and support written in. */
function completed(draft: string): string {
  return draft
    .replace(/business: "FILL IN:[^"]*"/, 'business: Dana Lee <dana.lee@acme.com>')
    .replace(/technical: "FILL IN:[^"]*"/, 'technical: Integration Team <integrations@acme.com>')
    .replace(/support: "FILL IN:[^"]*"/, 'support: integrations@acme.com');
}

describe('inventory: draft specs', () => {
  let dir: string;
  let result: InventoryResult;
  const draft = (file: string): string =>
    readFileSync(path.join(dir, 'integrations', 'inventory', 'drafts', file), 'utf8');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-drafts-'));
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'inventory', 'shared-org'), dir, { recursive: true });
    result = await inventory({ projectRoot: dir, mode: 'write', force: false, today: TODAY });
  });
  after(() => remove(dir));

  it('writes one draft per external system a Salesforce user serves, none for systems that have a spec', () => {
    expect(result.drafts.map((d) => [d.system, d.path, d.problems])).to.deep.equal([
      ['ingest.fabrikam-analytics.io', 'integrations/inventory/drafts/Fabrikam_Analytics.yaml', []],
      ['MuleSoft', 'integrations/inventory/drafts/MuleSoft.yaml', []],
      ['erp.northwind-erp.com', 'integrations/inventory/drafts/Northwind_ERP.yaml', []],
    ]);
  });

  it('fills what the source shows: name, a user of its own, read access to what outbound messages send', () => {
    const erp = parse(draft('Northwind_ERP.yaml')) as Record<string, unknown>;
    expect(erp).to.deep.include({
      name: 'Northwind ERP',
      user: { username: 'int_northwind_erp@acme.com' },
      auth: { flow: 'none', app: 'none' },
      // Id and Name carry no field-level security: the object's read covers them.
      access: {
        objects: { Account: ['read'] },
        fields: { 'Account.AccountNumber': ['read'], 'Account.BillingCity': ['read'] },
      },
      api: { direction: 'outbound' },
    });
    const mule = parse(draft('MuleSoft.yaml')) as { auth: unknown; access?: unknown };
    // Client credentials from the connected app; no refresh token in that flow.
    expect(mule.auth).to.deep.equal({ flow: 'client-credentials', app: 'external-client-app', scopes: ['Api'] });
    expect(mule.access).to.equal(undefined);
    expect(draft('MuleSoft.yaml')).to.contain('# The source does not show which records it reads or writes');
  });

  it('leaves owners and support to people, with placeholders generate refuses saying what to write', async () => {
    const spec = path.join(dir, 'integrations', 'Northwind_ERP.yaml');
    writeFileSync(spec, draft('Northwind_ERP.yaml'));
    try {
      let error: unknown;
      try {
        await run(dir, { specs: [spec], apiVersion: '62.0', mode: 'dry-run' });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(SpecError);
      const messages = (error as SpecError).problems.map((p) => p.message);
      expect(messages).to.deep.equal([
        'owners.business is still the draft\'s placeholder ("FILL IN"): write who decides what the system may do (name and email). Drafts from sf integration inventory leave it to a person.',
        'owners.technical is still the draft\'s placeholder ("FILL IN"): write who runs the integration (name and email). Drafts from sf integration inventory leave it to a person.',
        'support is still the draft\'s placeholder ("FILL IN"): write the support contact for incidents (an email address, queue or phone). Drafts from sf integration inventory leave it to a person.',
      ]);
      expect((error as SpecError).problems[0].line).to.equal(12);
    } finally {
      remove(spec);
    }
  });

  it('round trip: every draft, completed with owners and support, generates, and what it generates lints with no error', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'sfint-drafts-roundtrip-'));
    try {
      cpSync(dir, project, { recursive: true });
      const specs = result.drafts.map((d) => {
        const target = path.join(project, 'integrations', path.basename(d.path));
        writeFileSync(target, completed(readFileSync(path.join(project, d.path), 'utf8')));
        return target;
      });
      const generated = await run(project, { specs, apiVersion: '62.0' });
      expect(generated.integrations.map((i) => i.username).sort()).to.deep.equal([
        'int_fabrikam_analytics@acme.com',
        'int_mulesoft@acme.com',
        'int_northwind_erp@acme.com',
      ]);
      const linted = await lint({
        projectRoot: project,
        today: TODAY,
        concurrency: 'off',
        paths: [...generated.written, ...specs.map((s) => path.relative(project, s))].map((p) =>
          path.resolve(project, p),
        ),
      });
      expect(
        linted.findings.filter((f) => f.severity === 'error').map((f) => `${f.location.path}: ${f.message}`),
      ).to.deep.equal([]);
    } finally {
      remove(project);
    }
  });

  it('drafts nothing for platform features that run as a user (an agent), and leaves a username without a domain to people', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'sfint-drafts-bot-'));
    try {
      writeFileSync(
        path.join(project, 'sfdx-project.json'),
        '{ "packageDirectories": [{ "path": "force-app", "default": true }] }',
      );
      const base = path.join(project, 'force-app', 'main', 'default');
      mkdirSync(path.join(base, 'bots', 'Concierge'), { recursive: true });
      mkdirSync(path.join(base, 'workflows'), { recursive: true });
      writeFileSync(
        path.join(base, 'bots', 'Concierge', 'Concierge.bot-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<Bot xmlns="http://soap.sforce.com/2006/04/metadata">\n    <botUser>agent-%%ORG_USER%%</botUser>\n    <label>Concierge</label>\n</Bot>\n',
      );
      writeFileSync(
        path.join(base, 'workflows', 'Case.workflow-meta.xml'),
        readFileSync(path.join(dir, 'force-app', 'main', 'default', 'workflows', 'Account.workflow-meta.xml'), 'utf8')
          .replace(/integration@acme\.com(\.uat)?/g, '%%ORG_USER%%')
          .replace(/<fields>(AccountNumber|BillingCity|Industry)<\/fields>/g, '<fields>Subject</fields>'),
      );
      const r = await inventory({ projectRoot: project, mode: 'write', force: false, today: TODAY });
      expect(r.identities.map((i) => i.username)).to.include('agent-%%org_user%%');
      expect(r.drafts.map((d) => path.basename(d.path))).to.deep.equal([
        'Fabrikam_Analytics.yaml',
        'Northwind_ERP.yaml',
      ]);
      expect(r.summary.licenses.needed).to.equal(2);
      const erp = parse(
        readFileSync(path.join(project, 'integrations', 'inventory', 'drafts', 'Northwind_ERP.yaml'), 'utf8'),
      ) as {
        user: { username: string };
      };
      expect(erp.user.username).to.equal("FILL IN: the integration user's username, int_<system>@<your org's domain>");
      // Once a person writes it (and the owners and support), the draft generates.
      expect(r.drafts[1].problems).to.deep.equal([]);
    } finally {
      remove(project);
    }
  });

  it('takes the login IP ranges of the profile the user has today, and the app’s trusted ranges, and says whose they are', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'sfint-drafts-ranges-'));
    try {
      cpSync(dir, project, { recursive: true });
      const base = path.join(project, 'force-app', 'main', 'default');
      const definition = path.join(project, 'config', 'integration-user-def.json');
      writeFileSync(
        definition,
        readFileSync(definition, 'utf8').replace('"System Administrator"', '"Integration_API"'),
      );
      mkdirSync(path.join(base, 'profiles'), { recursive: true });
      writeFileSync(
        path.join(base, 'profiles', 'Integration_API.profile-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n    <custom>true</custom>\n    <loginIpRanges>\n        <endAddress>203.0.113.20</endAddress>\n        <startAddress>203.0.113.10</startAddress>\n    </loginIpRanges>\n    <userLicense>Salesforce Integration</userLicense>\n</Profile>\n',
      );
      const app = path.join(base, 'connectedApps', 'Mulesoft_Orders.connectedApp-meta.xml');
      writeFileSync(
        app,
        readFileSync(app, 'utf8').replace(
          '    <label>',
          '    <ipRanges>\n        <end>198.51.100.9</end>\n        <start>198.51.100.1</start>\n    </ipRanges>\n    <label>',
        ),
      );
      const out = path.join(project, 'out');
      const r = await inventory({ projectRoot: project, mode: 'write', force: false, today: TODAY, outputDir: out });
      expect(
        r.drafts.every((d) => d.problems.length === 0),
        JSON.stringify(r.drafts),
      ).to.equal(true);
      const text = readFileSync(path.join(out, 'drafts', 'MuleSoft.yaml'), 'utf8');
      expect((parse(text) as { auth: unknown }).auth).to.deep.equal({
        flow: 'client-credentials',
        app: 'external-client-app',
        scopes: ['Api'],
        ipRanges: [{ start: '203.0.113.10', end: '203.0.113.20' }],
        trustedIpRanges: [{ start: '198.51.100.1', end: '198.51.100.9' }],
      });
      expect(text).to.contain(
        '# ipRanges are the login IP ranges of Integration_API, the profile of the user it runs as today',
      );
    } finally {
      remove(project);
    }
  });

  it('drops the scopes an integration never needs and says so', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'sfint-drafts-scopes-'));
    try {
      cpSync(dir, project, { recursive: true });
      const app = path.join(
        project,
        'force-app',
        'main',
        'default',
        'connectedApps',
        'Mulesoft_Orders.connectedApp-meta.xml',
      );
      writeFileSync(
        app,
        readFileSync(app, 'utf8').replace(
          '<scopes>Api</scopes>',
          '<scopes>Full</scopes>\n        <scopes>Web</scopes>',
        ),
      );
      const again = await inventory({
        projectRoot: project,
        mode: 'dry-run',
        force: false,
        today: TODAY,
        outputDir: path.join(project, 'out'),
      });
      expect(again.drafts.find((d) => d.system === 'MuleSoft')?.problems).to.deep.equal([]);
      await inventory({
        projectRoot: project,
        mode: 'write',
        force: false,
        today: TODAY,
        outputDir: path.join(project, 'out'),
      });
      const text = readFileSync(path.join(project, 'out', 'drafts', 'MuleSoft.yaml'), 'utf8');
      expect(text).to.contain('# The app asks for Full and Web today; an integration needs api, so they are left out.');
      expect((parse(text) as { auth: unknown }).auth).to.deep.equal({
        flow: 'client-credentials',
        app: 'external-client-app',
      });
    } finally {
      remove(project);
    }
  });
});
