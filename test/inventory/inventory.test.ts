import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { inventory, type InventoryResult } from '../../src/inventory/inventory.js';
import { mermaidGraph } from '../../src/inventory/render.js';
import type { InventoryIdentity } from '../../src/inventory/types.js';
import { lint } from '../../src/lint/engine.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { remove, snapshot } from '../helpers/project.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const TODAY = '2026-06-01';

function copy(fixture: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-inventory-'));
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

function byUser(result: InventoryResult, username: string): InventoryIdentity {
  const found = result.identities.find((i) => i.username === username);
  expect(found, `${username} in ${result.identities.map((i) => i.username).join(', ')}`).to.not.equal(undefined);
  return found as InventoryIdentity;
}

/** What shared-integration-user reports as shared, by user: the inventory must say the same. */
async function sharedByLint(projectRoot: string): Promise<string[]> {
  const result = await lint({ projectRoot, today: TODAY, concurrency: 'off' });
  return [
    ...new Set(
      result.findings
        .filter(
          (f) => f.ruleId === 'shared-integration-user' && / is the identity of \d+ external systems/.test(f.message),
        )
        .map((f) => f.subject.detail ?? ''),
    ),
  ].sort();
}

describe('inventory: identities, systems and components of a project', () => {
  describe('a source-format org with a shared user and a shared external account', () => {
    let dir: string;
    let result: InventoryResult;
    before(async () => {
      dir = copy(path.join('inventory', 'shared-org'));
      result = await inventory({ projectRoot: dir, mode: 'write', force: false, today: TODAY });
    });
    after(() => remove(dir));

    it('finds the shared user with its three systems, its sandbox and case spellings folded into one', () => {
      const user = byUser(result, 'integration@acme.com');
      expect(user.kind).to.equal('salesforce-user');
      expect(user.shared).to.equal(true);
      expect(user.usernames).to.deep.equal([
        'Integration@Acme.com',
        'integration@acme.com',
        'integration@acme.com.uat',
      ]);
      expect(user.systems.map((s) => [s.name, s.basis])).to.deep.equal([
        ['erp.northwind-erp.com', 'endpoint'],
        ['MuleSoft', 'vendor'],
        ['ingest.fabrikam-analytics.io', 'endpoint'],
      ]);
    });

    it('says what each component touches and how it authenticates', () => {
      const user = byUser(result, 'integration@acme.com');
      const components = user.systems.flatMap((s) => s.components);
      const erp = components.find((c) => c.name === 'Account.Send_Account_To_ERP');
      expect(erp).to.deep.include({
        type: 'Workflow',
        path: 'force-app/main/default/workflows/Account.workflow-meta.xml',
        line: 12,
        element: 'outboundMessages.integrationUser',
        touches: ['Account: AccountNumber, BillingCity, Id, Name (sent)'],
        auth: 'outbound message (no session Id)',
        endpoint: 'erp.northwind-erp.com',
      });
      const warehouse = components.find((c) => c.name === 'Account.Account_To_Warehouse');
      expect(warehouse?.auth).to.equal('outbound message with the user’s session Id');
      const app = components.find((c) => c.type === 'ConnectedApp');
      expect(app?.touches).to.deep.equal(['OAuth scopes: Api, RefreshToken']);
      expect(app?.auth).to.equal('OAuth client credentials');
    });

    it('ties the user to its profile, permission set group and permission sets, with their admin-equivalent permissions', () => {
      const access = byUser(result, 'integration@acme.com').access;
      expect(access.map((a) => [a.kind, a.name, a.adminPermissions])).to.deep.equal([
        ['profile', 'System Administrator', ['all of them (the standard System Administrator profile)']],
        ['permissionSetGroup', 'Integration_Bundle', []],
        // The connected app names it by label; the file is found by it.
        ['permissionSet', 'Orders Integration', ['ModifyAllData']],
        ['permissionSet', 'Warehouse_Read', ['ViewAllData']],
      ]);
      expect(access[1].path).to.equal(
        'force-app/main/default/permissionsetgroups/Integration_Bundle.permissionsetgroup-meta.xml',
      );
      expect(access[3].by).to.equal(
        'permission set group Integration_Bundle (user definition config/integration-user-def.json)',
      );
      // A permission set no identity is tied to is not part of anyone's access.
      expect(JSON.stringify(result)).to.not.contain('Unrelated_Admin');
    });

    it('finds one external account behind two named credentials to two hosts, and lists every credential', () => {
      const account = byUser(result, 'sf_svc');
      expect(account).to.deep.include({ kind: 'external-account', shared: true, usernames: ['SF_SVC', 'sf_svc'] });
      expect(account.systems.map((s) => s.name)).to.deep.equal(['erp.northwind-erp.com', 'rates.contoso-freight.com']);
      expect(result.credentials.map((c) => [c.name, c.endpoint, c.auth, c.account, c.principals])).to.deep.equal([
        ['ERP_Invoices', 'erp.northwind-erp.com', 'Password, NamedUser', 'sf_svc', []],
        [
          'Payments_API',
          'api.adatum-pay.com',
          'external credential (Oauth)',
          undefined,
          ['PaymentsService (named principal)'],
        ],
        ['Shipping_Rates', 'rates.contoso-freight.com', 'Password, NamedUser', 'SF_SVC', []],
      ]);
    });

    it('keeps a one-system user unshared, and counts systems once', () => {
      const reader = byUser(result, 'snowflake.reader@acme.com');
      expect(reader.shared).to.equal(false);
      expect(reader.systems.map((s) => s.name)).to.deep.equal(['Snowflake']);
      expect(result.summary).to.deep.equal({
        identities: 3,
        shared: 2,
        systems: 5,
        credentials: 3,
        filesRead: 12,
        licenses: { needed: 4, allotment: 5 },
      });
      expect(result.problems).to.deep.equal([]);
    });

    it('calls shared exactly the users lint reports as shared', async () => {
      const salesforceUsers = result.identities.filter((i) => i.shared && i.kind === 'salesforce-user');
      expect(salesforceUsers.map((i) => i.username).sort()).to.deep.equal(await sharedByLint(dir));
    });

    it('writes inventory.md with the picture first and inventory.csv with a row per component', () => {
      const md = readFileSync(path.join(dir, 'integrations', 'inventory', 'inventory.md'), 'utf8');
      expect(md.indexOf('```mermaid')).to.be.lessThan(md.indexOf('## Shared identities'));
      expect(md).to.contain('u0["integration@acme.com"]:::shared');
      expect(md).to.contain('### User integration@acme.com: shared by 3 systems');
      expect(md).to.contain('### External account sf_svc: shared by 2 systems');
      const csv = readFileSync(path.join(dir, 'integrations', 'inventory', 'inventory.csv'), 'utf8')
        .trimEnd()
        .split('\n');
      expect(csv[0]).to.equal(
        'identity,kind,shared,system,evidence,component_type,component,path,line,element,touches,auth,endpoint',
      );
      expect(csv).to.have.length(1 + result.identities.flatMap((i) => i.systems.flatMap((s) => s.components)).length);
      expect(csv).to.include(
        'integration@acme.com,salesforce-user,true,MuleSoft,vendor MuleSoft,ConnectedApp,Mulesoft_Orders,force-app/main/default/connectedApps/Mulesoft_Orders.connectedApp-meta.xml,9,oauthConfig.oauthClientCredentialUser,"OAuth scopes: Api, RefreshToken",OAuth client credentials,',
      );
    });
  });

  it('reads a metadata-format retrieve the same way (src/package.xml, workflows with embedded messages)', async () => {
    const dir = copy(path.join('lint', 'metadata-project'));
    try {
      const result = await inventory({ projectRoot: dir, mode: 'dry-run', force: false, today: TODAY });
      const shared = result.identities.filter((i) => i.shared && i.kind === 'salesforce-user');
      expect(shared.map((i) => i.username)).to.deep.equal(await sharedByLint(dir));
      const connector = byUser(result, 'sfconnector@acme-corp.com');
      expect(connector.systems.length).to.be.greaterThan(1);
      expect(
        connector.systems.flatMap((s) => s.components).some((c) => c.path === 'src/workflows/Lead.workflow'),
      ).to.equal(true);
    } finally {
      remove(dir);
    }
  });

  describe('writing', () => {
    let dir: string;
    beforeEach(() => (dir = copy(path.join('inventory', 'shared-org'))));
    afterEach(() => remove(dir));
    const run = (extra: Partial<Parameters<typeof inventory>[0]> = {}): Promise<InventoryResult> =>
      inventory({ projectRoot: dir, mode: 'write', force: false, today: TODAY, ...extra });

    it('never changes the project outside the output folder, and a second run changes nothing', async () => {
      const before = snapshot(dir);
      const first = await run();
      expect(first.files.map((f) => [f.path, f.status])).to.deep.equal([
        ['integrations/inventory/inventory.md', 'created'],
        ['integrations/inventory/inventory.csv', 'created'],
        ['integrations/inventory/migration-plan.md', 'created'],
        ['integrations/inventory/drafts/Fabrikam_Analytics.yaml', 'created'],
        ['integrations/inventory/drafts/MuleSoft.yaml', 'created'],
        ['integrations/inventory/drafts/Northwind_ERP.yaml', 'created'],
      ]);
      const after = snapshot(dir);
      for (const [file, content] of before) expect(after.get(file), file).to.equal(content);
      expect([...after.keys()].filter((f) => !before.has(f))).to.deep.equal([
        'integrations/inventory/.generated-files.json',
        'integrations/inventory/drafts/Fabrikam_Analytics.yaml',
        'integrations/inventory/drafts/MuleSoft.yaml',
        'integrations/inventory/drafts/Northwind_ERP.yaml',
        'integrations/inventory/inventory.csv',
        'integrations/inventory/inventory.md',
        'integrations/inventory/migration-plan.md',
      ]);
      const second = await run();
      expect(second.files.every((f) => f.status === 'unchanged')).to.equal(true);
      expect(snapshot(dir)).to.deep.equal(after);
    });

    it('--dry-run writes nothing and says what would be created', async () => {
      const before = snapshot(dir);
      const result = await run({ mode: 'dry-run' });
      expect(result.files.map((f) => f.status)).to.deep.equal(Array(6).fill('created'));
      expect(snapshot(dir)).to.deep.equal(before);
    });

    it('keeps a hand-edited inventory unless forced', async () => {
      await run();
      const md = path.join(dir, 'integrations', 'inventory', 'inventory.md');
      writeFileSync(md, `${readFileSync(md, 'utf8')}\nNotes from the architecture review.\n`);
      const kept = await run();
      expect(kept.files[0]).to.deep.include({ status: 'skipped' });
      expect(kept.files[0].reason).to.match(/edited by hand.*--force/);
      expect(readFileSync(md, 'utf8')).to.contain('Notes from the architecture review.');
      const forced = await run({ force: true });
      expect(forced.files[0].status).to.equal('overwritten');
      expect(readFileSync(md, 'utf8')).to.not.contain('Notes from the architecture review.');
    });

    it('refuses to overwrite a file it did not write, naming the command', async () => {
      const md = path.join(dir, 'integrations', 'inventory', 'inventory.md');
      cpSync(path.join(dir, 'sfdx-project.json'), md);
      const result = await run();
      expect(result.files[0].reason).to.equal(
        'exists and was not written by sf integration inventory; use --force to overwrite it',
      );
    });

    it('writes only under --output-dir, its manifest included', async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'sfint-inventory-out-'));
      try {
        const before = snapshot(dir);
        const result = await run({ outputDir: out });
        expect(snapshot(dir)).to.deep.equal(before);
        expect([...snapshot(out).keys()]).to.deep.equal([
          '.generated-files.json',
          'drafts/Fabrikam_Analytics.yaml',
          'drafts/MuleSoft.yaml',
          'drafts/Northwind_ERP.yaml',
          'inventory.csv',
          'inventory.md',
          'migration-plan.md',
        ]);
        expect(result.outputDir).to.equal(path.relative(dir, out).split(path.sep).join('/'));
      } finally {
        remove(out);
      }
    });

    it('reports a file it cannot read instead of skipping it silently', async () => {
      writeFileSync(
        path.join(dir, 'force-app', 'main', 'default', 'connectedApps', 'Broken.connectedApp-meta.xml'),
        '<?xml version="1.0"?>\n<ConnectedApp>\n  <label>Broken</label>\n',
      );
      const result = await run({ mode: 'dry-run' });
      expect(result.problems).to.have.length(1);
      expect(result.problems[0].path).to.equal('force-app/main/default/connectedApps/Broken.connectedApp-meta.xml');
      expect(result.problems[0].message).to.match(/^malformed XML/);
    });
  });

  it('cuts long field lists in inventory.md and keeps them whole in inventory.csv', async () => {
    const dir = copy(path.join('inventory', 'shared-org'));
    try {
      const workflow = path.join(dir, 'force-app', 'main', 'default', 'workflows', 'Account.workflow-meta.xml');
      const fields = Array.from(
        { length: 20 },
        (_, i) => `        <fields>Field_${String(i).padStart(2, '0')}__c</fields>`,
      );
      writeFileSync(
        workflow,
        readFileSync(workflow, 'utf8').replace('        <fields>Industry</fields>', fields.join('\n')),
      );
      await inventory({ projectRoot: dir, mode: 'write', force: false, today: TODAY });
      const md = readFileSync(path.join(dir, 'integrations', 'inventory', 'inventory.md'), 'utf8');
      expect(md).to.contain('Field_09__c, Field_10__c and 9 more (sent)');
      const csv = readFileSync(path.join(dir, 'integrations', 'inventory', 'inventory.csv'), 'utf8');
      expect(csv).to.contain('Account: Id, Field_00__c, Field_01__c');
      expect(csv).to.contain('Field_18__c, Field_19__c (sent)');
    } finally {
      remove(dir);
    }
  });

  it('draws a system several identities serve as one node', () => {
    const system = (key: string, name: string): InventoryIdentity['systems'][number] => ({
      key,
      name,
      basis: 'endpoint',
      evidence: `endpoint host ${name}`,
      components: [],
    });
    const identity = (username: string, systems: InventoryIdentity['systems']): InventoryIdentity => ({
      username,
      usernames: [username],
      kind: 'salesforce-user',
      shared: systems.length > 1,
      access: [],
      systems,
    });
    const lines = mermaidGraph({
      identities: [
        identity('a@x.com', [system('ip:10.0.0', '10.0.0.1, 10.0.0.2'), system('domain:b.com', 'b.com')]),
        identity('c@x.com', [system('ip:10.0.0', '10.0.0.1')]),
      ],
      credentials: [],
      systemCount: 2,
    });
    expect(lines.filter((l) => /^ {2}s\d+\(/.test(l))).to.have.length(2);
    expect(lines).to.include('  u1 -->|""| s0');
  });

  it('escapes what Mermaid would read as markup in its labels', () => {
    const lines = mermaidGraph({
      identities: [
        {
          username: 'a"b<c>@x.com',
          usernames: ['a"b<c>@x.com'],
          kind: 'salesforce-user',
          shared: false,
          access: [],
          systems: [
            { key: 'name:sys "one"', name: 'Sys "One"', basis: 'name', evidence: 'names: one', components: [] },
          ],
        },
      ],
      credentials: [],
      systemCount: 1,
    });
    expect(lines).to.include('  u0["a#quot;b#lt;c#gt;@x.com"]');
    expect(lines).to.include('  s0("Sys #quot;One#quot;")');
  });
});
