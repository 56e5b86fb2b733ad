import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { inventory, type InventoryResult } from '../../src/inventory/inventory.js';
import { rankSystem } from '../../src/inventory/plan.js';
import type { InventoryComponent, InventorySystem } from '../../src/inventory/types.js';
import { REPO_ROOT } from '../helpers/schema.js';
import { remove } from '../helpers/project.js';

const TODAY = '2026-06-01';

function component(extra: Partial<InventoryComponent>): InventoryComponent {
  return {
    type: 'Workflow',
    name: 'Case.X',
    path: 'x',
    element: 'integrationUser',
    noun: 'outbound message',
    touches: [],
    ...extra,
  };
}
function system(
  key: string,
  components: InventoryComponent[],
  basis: InventorySystem['basis'] = 'endpoint',
): InventorySystem {
  return { key, name: key, basis, evidence: '', components };
}

describe('inventory: the migration plan', () => {
  describe('risk order', () => {
    const reads = component({
      auth: 'outbound message (no session Id)',
      touches: ['Contact: Email, HasOptedOutOfEmail (sent)'],
    });
    const writesBack = component({
      auth: 'outbound message with the user’s session Id',
      touches: ['Task: Subject (sent)'],
    });
    const app = component({ type: 'ConnectedApp', name: 'App', auth: 'OAuth client credentials' });

    it('puts writes before reads, whatever the records and the vendor', () => {
      const ranked = [
        rankSystem(system('domain:reads.com', [reads], 'vendor')),
        rankSystem(system('domain:app.com', [app], 'name')),
        rankSystem(system('domain:session.com', [writesBack], 'name')),
      ].sort((a, b) => b.score - a.score);
      expect(ranked.map((r) => r.system.key)).to.deep.equal([
        'domain:app.com',
        'domain:session.com',
        'domain:reads.com',
      ]);
    });

    it('then customer records and consent fields, then outside systems, then the number of components', () => {
      const customer = rankSystem(system('a', [reads]));
      const plain = rankSystem(system('b', [component({ touches: ['Widget__c: Id (sent)'] })]));
      const inside = rankSystem(system('c', [component({ touches: ['Widget__c: Id (sent)'] })], 'name'));
      const many = rankSystem(system('d', [component({}), component({}), component({})], 'name'));
      expect(customer.reasons).to.include.members(['Contact records', 'consent or contact-preference fields']);
      expect(customer.score).to.be.greaterThan(plain.score);
      expect(plain.score).to.be.greaterThan(inside.score);
      expect(many.score).to.be.greaterThan(inside.score);
    });

    it('ranks an app pre-authorised for admin-equivalent permissions above other apps', () => {
      const identity = {
        username: 'u@x.com',
        usernames: ['u@x.com'],
        kind: 'salesforce-user' as const,
        shared: true,
        systems: [],
        access: [
          { kind: 'permissionSet' as const, name: 'P', by: 'connected app App', adminPermissions: ['ModifyAllData'] },
        ],
      };
      const admin = rankSystem(system('a', [app], 'name'), undefined, identity);
      const other = rankSystem(system('b', [{ ...app, name: 'Other' }], 'name'), undefined, identity);
      expect(admin.reasons[0]).to.equal('its app is pre-authorised for admin-equivalent permissions (ModifyAllData)');
      expect(admin.score).to.be.greaterThan(other.score);
    });
  });

  describe('a metadata-format org with two shared users, a placeholder endpoint and a sandbox username', () => {
    let dir: string;
    let result: InventoryResult;
    let plan: string;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-plan-'));
      cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'inventory', 'metadata-org'), dir, { recursive: true });
      result = await inventory({ projectRoot: dir, mode: 'write', force: false, today: TODAY });
      plan = readFileSync(path.join(dir, 'integrations', 'inventory', 'migration-plan.md'), 'utf8');
    });
    after(() => remove(dir));

    it('finds both shared users; the placeholder endpoint joins a system instead of making one; the sandbox copy is the same user', () => {
      expect(result.identities.map((i) => [i.username, i.shared, i.systems.map((s) => s.name)])).to.deep.equal([
        ['svc.integration@globex.com', true, ['ServiceNow', 'Boomi', 'api.onetrust.com']],
        ['etl@globex.com', true, ['Informatica', 'Snowflake']],
        ['marketing.sync@globex.com', false, ['Marketo']],
      ]);
      expect(result.identities[0].usernames).to.deep.equal([
        'svc.integration@globex.com',
        'svc.integration@globex.com.qa',
      ]);
      expect(result.identities[0].systems[0].components.map((c) => c.name)).to.deep.equal([
        'Case.Case_To_ServiceNow',
        'Case.Case_Outbound_Message_1',
      ]);
    });

    it('drafts one spec per system and counts them against the licenses, the overflow spelled out', () => {
      expect(result.drafts.map((d) => path.basename(d.path))).to.deep.equal([
        'Boomi.yaml',
        'Informatica.yaml',
        'Marketo.yaml',
        'Onetrust.yaml',
        'ServiceNow.yaml',
        'Snowflake.yaml',
      ]);
      expect(result.summary.licenses).to.deep.equal({ needed: 6, allotment: 5 });
      // A user that already serves one system alone is named as the one to keep, if it is an API-only user.
      const marketo = readFileSync(path.join(dir, 'integrations', 'inventory', 'drafts', 'Marketo.yaml'), 'utf8');
      expect(marketo).to.contain(
        '# Today it runs as marketing.sync@globex.com; this spec gives it a user of its own. marketing.sync@globex.com serves only this system already: if it is an API-only integration user, set user.username to it instead',
      );
      expect(plan).to.contain(
        'By risk: 1. Boomi; 2. Informatica; 3. Marketo; 4. ServiceNow; 5. api.onetrust.com; 6. Snowflake.',
      );
      expect(plan).to.contain(
        'The first 5 take the included licenses; for the other 1 (Snowflake), buy Salesforce Integration user licenses',
      );
    });

    it('orders each shared user’s systems by risk, with the exact file, line and element to repoint', () => {
      expect(plan).to.contain(
        'Split it system by system, riskiest first, each in a sandbox before production: Boomi, ServiceNow, api.onetrust.com.',
      );
      expect(plan).to.contain(
        '- [ ] `src/connectedApps/Boomi_Sync.connectedApp:9` (connected app Boomi_Sync): set `oauthClientCredentialUser` from svc.integration@globex.com to int_boomi@globex.com.',
      );
      expect(plan).to.contain(
        '- [ ] `src/workflows/Contact.workflow:13` (outbound message Contact.Contact_Consent_To_OneTrust): set `integrationUser` from svc.integration@globex.com to int_onetrust@globex.com.',
      );
      expect(plan).to.contain(
        'Risk: receives outbound messages only (reads); Contact records; consent or contact-preference fields; an outside host (api.onetrust.com); 1 component to repoint.',
      );
    });

    it('gives the commands that set up the new user and confirm the cutover in the record history', () => {
      expect(plan).to.contain('   sf integration generate --spec integrations/ServiceNow.yaml');
      expect(plan).to.contain('   sf project deploy start --manifest manifest/ServiceNow-1-access.xml');
      expect(plan).to.contain(
        '   sf org assign permset --name ServiceNow_Integration --on-behalf-of int_servicenow@globex.com',
      );
      expect(plan).to.contain('   sf project deploy start --manifest manifest/Boomi-3-app.xml');
      // An outbound-message-only system has no app to deploy.
      expect(plan).to.not.contain('manifest/ServiceNow-3-app.xml');
      expect(plan).to.contain(
        `   sf data query --query "SELECT COUNT() FROM Case WHERE LastModifiedBy.Username = 'int_servicenow@globex.com' AND LastModifiedDate >= $CUTOVER"`,
      );
      expect(plan).to.contain(
        `   sf data query --query "SELECT COUNT() FROM Case WHERE LastModifiedBy.Username = 'svc.integration@globex.com' AND LastModifiedDate >= $CUTOVER"`,
      );
    });

    it('watches the old user for stragglers before freezing and then deactivating it', () => {
      expect(plan).to.contain(
        `OLD_ID=$(sf data query --query "SELECT Id FROM User WHERE Username = 'etl@globex.com'" --result-format csv | tail -n 1)`,
      );
      expect(plan).to.contain(
        `sf data query --query "SELECT Application, LoginType, SourceIp, COUNT(Id) FROM LoginHistory WHERE UserId = '$OLD_ID' AND LoginTime = LAST_N_DAYS:30 GROUP BY Application, LoginType, SourceIp"`,
      );
      expect(plan).to.contain(
        `sf data query --query "SELECT AppName, UseCount, LastUsedDate FROM OauthToken WHERE UserId = '$OLD_ID'"`,
      );
      const freeze = plan.indexOf('**Freeze** etl@globex.com');
      expect(freeze).to.be.greaterThan(0);
      expect(plan.indexOf('**Deactivate** it', freeze)).to.be.greaterThan(freeze);
    });

    it('a project without shared users has nothing to split, and says so', async () => {
      const clean = mkdtempSync(path.join(os.tmpdir(), 'sfint-plan-clean-'));
      try {
        cpSync(path.join(dir, 'src', 'package.xml'), path.join(clean, 'src', 'package.xml'));
        cpSync(
          path.join(dir, 'src', 'connectedApps', 'Marketo_Sync.connectedApp'),
          path.join(clean, 'src', 'connectedApps', 'Marketo_Sync.connectedApp'),
        );
        const r = await inventory({
          projectRoot: clean,
          mode: 'write',
          force: false,
          today: TODAY,
          licenseAllotment: 5,
        });
        expect(r.identities.map((i) => i.shared)).to.deep.equal([false]);
        const text = readFileSync(path.join(clean, 'integrations', 'inventory', 'migration-plan.md'), 'utf8');
        expect(text).to.contain('None: every integration user found serves one system. Nothing to split.');
        expect(text).to.contain('Every system fits: 4 licenses left.');
      } finally {
        remove(clean);
      }
    });
  });
});
