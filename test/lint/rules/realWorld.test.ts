import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { lint } from '../../../src/lint/engine.js';
import { remove } from '../../helpers/project.js';
import type { Finding } from '../../../src/lint/types.js';

/**
 * Shapes met in public Salesforce repositories (reviewed by hand, rebuilt here in our own words): each was a false
 * negative, a wrong message or a crash before. Positive, negative and near-miss cases side by side.
 */
const NS = 'http://soap.sforce.com/2006/04/metadata';
const D = 'force-app/main/default';

async function lintFiles(files: Record<string, string>): Promise<Finding[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-rw-'));
  try {
    writeFileSync(
      path.join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
    );
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    return (await lint({ projectRoot: dir, today: '2026-11-23' })).findings;
  } finally {
    remove(dir);
  }
}

const vr = (name: string, formula: string): Record<string, string> => ({
  [`${D}/objects/Case/validationRules/${name}.validationRule-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="${NS}">
    <fullName>${name}</fullName>
    <active>true</active>
    <errorConditionFormula>${formula}</errorConditionFormula>
    <errorMessage>Not allowed.</errorMessage>
</ValidationRule>
`,
});

describe('username-exception: shapes from real projects', () => {
  it('a negated CONTAINS on the username is an exemption; the fix keeps the negation', async () => {
    const [f] = await lintFiles(vr('No_Bot_Owner', "!CONTAINS($User.Username, 'answers.bot@acme-corp.com')"));
    expect(f.ruleId).to.equal('username-exception');
    expect(f.location).to.deep.include({ line: 5, column: 38 });
    expect(f.fix).to.contain('replace the formula with: !$Permission.Answers_Bot_Bypass_Validation');
  });

  it('an identity compared with a custom label is the same exception (formula and Apex)', async () => {
    const findings = await lintFiles({
      ...vr('Closed_Locked', 'AND(IsClosed, $Profile.Name &lt;&gt; $Label.Ops_Admin_Profile)'),
      [`${D}/triggers/OpportunityOwner.trigger`]:
        'trigger OpportunityOwner on Opportunity (before insert) {\n    if (UserInfo.getUserId() == System.Label.Integration_User_Id) return;\n}\n',
    });
    expect(
      findings.map((f) => `${f.ruleId}@${f.location.path.split('/').pop() ?? ''}:${f.location.line ?? 0}`),
    ).to.deep.equal([
      'username-exception@Closed_Locked.validationRule-meta.xml:5',
      'username-exception@OpportunityOwner.trigger:2',
    ]);
    expect(findings[0].fix).to.contain('AND(IsClosed, NOT($Permission.Ops_Admin_Profile_Bypass_Validation))');
    expect(findings[1].fix).to.contain("FeatureManagement.checkPermission('Integration_User_Id_Bypass_Validation')");
  });

  it('a hard-coded user Id compared with the record owner is another user’s identity: a note about fragility, not an exemption', async () => {
    const [f] = await lintFiles(
      vr('Billing_Queue_Only', 'AND(ISCHANGED(OwnerId), PRIORVALUE(OwnerId) &lt;&gt; &quot;00500000006yEak&quot;)'),
    );
    expect(f.severity).to.equal('note');
    expect(f.message).to.contain('compares a record field with the hard-coded user Id 00500000006yEak');
    expect(f.fix).to.contain('custom metadata');
  });

  it('workflow criteria on the user making the change are reported; on a User workflow or a record field they are not', async () => {
    const workflow = (object: string, field: string): Record<string, string> => ({
      [`${D}/workflows/${object}.workflow-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<Workflow xmlns="${NS}">
    <rules>
        <fullName>Stamp_Rate</fullName>
        <active>true</active>
        <criteriaItems>
            <field>${field}</field>
            <operation>notEqual</operation>
            <value>Systems Integration - DBAmp</value>
        </criteriaItems>
        <triggerType>onCreateOrTriggeringUpdate</triggerType>
    </rules>
</Workflow>
`,
    });
    const [hit] = await lintFiles(workflow('Market_Rate__c', 'User.ProfileId'));
    expect(hit.ruleId).to.equal('username-exception');
    expect(hit.location).to.deep.include({ line: 7, column: 13 });
    expect(hit.fix).to.contain('NOT($Permission.Systems_Integration_DBAmp_Bypass_Validation)');
    expect(await lintFiles(workflow('User', 'User.ProfileId'))).to.deep.equal([]);
    expect(await lintFiles(workflow('Case', 'Case.CreatedById'))).to.deep.equal([]);
  });
});

describe('admin-profile: shapes from real projects', () => {
  const ps = (name: string, label: string, license?: string): Record<string, string> => ({
    [`${D}/permissionsets/${name}.permissionset-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="${NS}">
    <hasActivationRequired>false</hasActivationRequired>
    <label>${label}</label>
${license ? `    <license>${license}</license>\n` : ''}    <userPermissions>
        <enabled>true</enabled>
        <name>ModifyAllData</name>
    </userPermissions>
</PermissionSet>
`,
  });

  it('a connected app names its permission set by label, as retrieve writes it', async () => {
    const findings = await lintFiles({
      ...ps('Ops_Tools', 'Ops - Tools'),
      [`${D}/connectedApps/ServiceNow.connectedApp-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<ConnectedApp xmlns="${NS}">
    <contactEmail>it@acme-corp.com</contactEmail>
    <label>ServiceNow</label>
    <permissionSetName>Ops - Tools</permissionSetName>
</ConnectedApp>
`,
    });
    expect(findings.map((f) => `${f.ruleId}:${f.subject.name}`)).to.deep.equal(['admin-profile:Ops_Tools']);
    expect(findings[0].message).to.contain('used by connected app ServiceNow');
  });

  it('the integration permission set license is recognised by its developer name (as retrieved)', async () => {
    const findings = await lintFiles(ps('Informatica_Cloud', 'Informatica Cloud', 'SalesforceAPIIntegrationPsl'));
    expect(findings.map((f) => f.ruleId)).to.deep.equal(['admin-profile']);
  });

  it('near miss: the same permission set used by nothing is not reported', async () => {
    expect(await lintFiles(ps('Ops_Tools', 'Ops - Tools'))).to.deep.equal([]);
  });
});

describe('secret-in-source: custom metadata', () => {
  it('points at the <value> that holds the secret', async () => {
    const [f] = await lintFiles({
      [`${D}/customMetadata/Api_Config.Billing.md-meta.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>Billing</label>
    <protected>false</protected>
    <values>
        <field>Api_Secret__c</field>
        <value xsi:type="xsd:string">q8Zr2LxV7mNf0TbW</value>
    </values>
</CustomMetadata>
`,
    });
    expect(f.ruleId).to.equal('secret-in-source');
    expect(f.location).to.deep.include({ line: 7, column: 9 });
  });
});
