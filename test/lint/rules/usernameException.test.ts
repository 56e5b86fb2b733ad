import { usernameException } from '../../../src/lint/rules/usernameException.js';
import { deriveApiName, generatedNames } from '../../../src/spec/names.js';
import { D, metadata, ruleTester } from '../../helpers/ruleTester.js';

const VR = (object: string, name: string): string =>
  `${D}/objects/${object}/validationRules/${name}.validationRule-meta.xml`;
function vr(name: string, formula: string, active = true, object = 'Opportunity'): Record<string, string> {
  return {
    [VR(object, name)]: metadata(
      'ValidationRule',
      `    <fullName>${name}</fullName>\n    <active>${String(active)}</active>\n    <errorConditionFormula>${formula}</errorConditionFormula>\n    <errorMessage>Not allowed.</errorMessage>`,
    ),
  };
}
const cls = (name: string, body: string): Record<string, string> => ({ [`${D}/classes/${name}.cls`]: body });
const flow = (name: string, body: string): Record<string, string> => ({
  [`${D}/flows/${name}.flow-meta.xml`]: metadata('Flow', body),
});
const outbound = (user: string): Record<string, string> => ({
  [`${D}/workflows/Opportunity.workflow-meta.xml`]: metadata(
    'Workflow',
    `    <outboundMessages>\n        <fullName>Opp_To_Mule</fullName>\n        <endpointUrl>https://opp-sync.cloudhub.io/api</endpointUrl>\n        <fields>Id</fields>\n        <includeSessionId>false</includeSessionId>\n        <integrationUser>${user}</integrationUser>\n        <name>Opp To Mule</name>\n        <protected>false</protected>\n        <useDeadLetterQueue>false</useDeadLetterQueue>\n    </outboundMessages>`,
  ),
});

ruleTester(usernameException, {
  valid: [
    {
      name: 'a custom-permission bypass is the fix, not a finding',
      files: vr('Amount_Lock', 'AND(ISCHANGED(Amount), NOT($Permission.Mule_Bypass_Validation))'),
    },
    {
      name: 'the running user compared with a record field is ordinary logic',
      files: vr('Owner_Only', 'AND(ISCHANGED(StageName), $User.Id &lt;&gt; OwnerId)'),
    },
    {
      name: 'near miss: the record’s creator in a rule on an update is someone else, not the user saving it',
      files: vr('Creator', "AND(ISCHANGED(Amount), CreatedBy.Username = 'etl@acme-corp.com')"),
    },
    {
      name: 'near miss: a commented-out identity check and a username inside a string',
      files: vr(
        'Commented',
        "/* $User.Username &lt;&gt; 'etl@acme-corp.com' */ AND(ISBLANK(Reason__c), Description = 'ask etl@acme-corp.com')",
      ),
    },
    {
      name: 'a lookup filter on record fields only',
      files: {
        [`${D}/objects/Case/fields/Vendor__c.field-meta.xml`]: metadata(
          'CustomField',
          '    <fullName>Vendor__c</fullName>\n    <lookupFilter>\n        <active>true</active>\n        <filterItems>\n            <field>Account.Type</field>\n            <operation>equals</operation>\n            <value>Vendor</value>\n        </filterItems>\n        <isOptional>false</isOptional>\n    </lookupFilter>\n    <referenceTo>Account</referenceTo>\n    <type>Lookup</type>',
        ),
      },
    },
    {
      name: 'Apex comparing the running user with a record’s owner',
      files: cls(
        'Guard',
        'public class Guard {\n    public static Boolean mine(Case c) { return c.OwnerId == UserInfo.getUserId(); }\n}\n',
      ),
    },
    {
      name: 'Apex: a blank check on the running user’s role name is no identity',
      files: cls(
        'Roles',
        "public class Roles {\n    void a() {\n        String r = [SELECT Name FROM UserRole WHERE Id = :UserInfo.getUserRoleId()].Name;\n        if (r != '') run();\n    }\n}\n",
      ),
    },
  ],
  invalid: [
    {
      name: 'a batch login held in a custom user field, compared with a literal',
      files: vr('Batch_Skip', "AND(ISCHANGED(Status__c), $User.HCM_Login_ID__c &lt;&gt; 'CRMBATCHUSR')"),
      findings: [
        {
          messageId: 'exemption',
          severity: 'error',
          message: ['custom identity field of the running user', "the user 'CRMBATCHUSR'"],
        },
      ],
    },
    {
      name: 'a custom user field is no bypass to reuse; a workflow criterion on User.ProfileId compares a profile by name',
      files: {
        ...vr('Dept_Lock', "AND($User.Department__c = 'Ops', $User.Username &lt;&gt; 'etl@acme-corp.com')"),
        [`${D}/workflows/Case.workflow-meta.xml`]: metadata(
          'Workflow',
          '    <rules>\n        <fullName>Notify_Owner</fullName>\n        <active>true</active>\n        <criteriaItems>\n            <field>User.ProfileId</field>\n            <operation>notEqual</operation>\n            <value>System Administrator</value>\n        </criteriaItems>\n        <triggerType>onCreateOnly</triggerType>\n    </rules>',
        ),
      },
      findings: [
        {
          messageId: 'exemption',
          path: VR('Opportunity', 'Dept_Lock'),
          fix: ['Create the custom permission Etl_Bypass_Validation'],
        },
        {
          messageId: 'conditionExemption',
          path: `${D}/workflows/Case.workflow-meta.xml`,
          line: 7,
          message: ["users of the profile 'System Administrator'", 'the profile is renamed'],
        },
      ],
    },
    {
      name: 'the bypass advised for a spec’s user is the one generate writes for that spec (names derived the same way)',
      files: {
        ...vr('Crm_Lock', "AND(ISCHANGED(Amount), $User.Username &lt;&gt; 'crm.sync@acme-corp.com')"),
        'integrations/acme-crm.yaml': 'name: Acme__CRM\nuser:\n  username: crm.sync@acme-corp.com\n',
      },
      findings: [
        {
          messageId: 'exemption',
          path: VR('Opportunity', 'Crm_Lock'),
          message: ["the integration user 'crm.sync@acme-corp.com'"],
          fix: [
            `${generatedNames(deriveApiName('Acme__CRM')!).customPermission}`,
            'Acme_CRM_Integration',
            'NOT($Permission.Acme_CRM_Bypass_Validation)',
          ],
        },
      ],
    },
    {
      name: 'an exemption of an integration user (its outbound-message identity): the fix goes to the integration’s own permission set',
      files: {
        ...vr('Amount_Lock', "AND(ISCHANGED(Amount), $User.Username &lt;&gt; 'mule.sync@acme-corp.com')"),
        ...outbound('mule.sync@acme-corp.com'),
      },
      findings: [
        {
          messageId: 'exemption',
          path: VR('Opportunity', 'Amount_Lock'),
          line: 5,
          column: 51,
          severity: 'error',
          message: ["the integration user 'mule.sync@acme-corp.com'", 'anyone who logs in as that user is exempted'],
          fix: [
            "the integration's own permission set",
            'AND(ISCHANGED(Amount), NOT($Permission.Mule_Sync_Bypass_Validation))',
          ],
        },
      ],
    },
    {
      name: 'a rule that picks who is blocked (a role) gets a permission that grants the behaviour, written the right way round',
      files: vr('Credit_Hold', "OR($UserRole.Name = 'Credit Team Lead', ISBLANK(Reason__c))"),
      findings: [
        {
          messageId: 'singlesOut',
          severity: 'warning',
          message: ["users in the role 'Credit Team Lead'", 'to decide whom it applies to'],
          fix: ['Say who the rule applies to', 'OR($Permission.Credit_Team_Lead_Restricted, ISBLANK(Reason__c))'],
        },
      ],
    },
    {
      name: 'a named person is exempted: the permission goes to a permission set of that person, not an integration’s',
      files: vr('Discount_Cap', "AND(Discount__c &gt; 0.2, NOT($User.Username = 'maria.lopez@acme-corp.com'))"),
      findings: [
        {
          messageId: 'exemption',
          message: ["the user 'maria.lopez@acme-corp.com'"],
          fix: [
            "a permission set assigned to 'maria.lopez@acme-corp.com'",
            'AND(Discount__c > 0.2, NOT($Permission.Maria_Lopez_Bypass_Validation))',
          ],
        },
      ],
    },
    {
      name: 'one Id in its 15- and 18-character forms is one finding; the same Id against a record field adds nothing',
      files: vr(
        'Ids',
        "AND(IsClosed, $User.Id &lt;&gt; '00516000005Amjp', $User.Id &lt;&gt; '00516000005AmjpAAC', Owner.Id &lt;&gt; '00516000005Amjp')",
      ),
      findings: [{ messageId: 'exemption', severity: 'error', message: ['the user with Id 00516000005Amjp'] }],
    },
    {
      name: 'an existing custom-setting bypass in the formula is named and reused',
      files: vr(
        'Stage_Lock',
        "AND(ISCHANGED(StageName), NOT($Setup.Bypass__c.Skip_Validation__c), $Profile.Name &lt;&gt; 'Data Migration')",
      ),
      findings: [
        {
          messageId: 'exemption',
          message: ["the integration profile 'Data Migration'"],
          fix: [
            'already has a bypass ($Setup.Bypass__c.Skip_Validation__c)',
            "remove `$Profile.Name <> 'Data Migration'`",
          ],
        },
      ],
    },
    {
      name: 'record-modifier echo suppression (LastModifiedBy.Username) in a validation rule',
      files: vr('No_Echo', "AND(ISCHANGED(Status__c), NOT(CONTAINS(LastModifiedBy.Username, 'sync@')))", true, 'Case'),
      findings: [{ messageId: 'exemption', severity: 'error', message: ['username of the user saving the record'] }],
    },
    {
      name: 'an inactive rule is a note',
      files: vr('Old_Lock', "$User.Alias &lt;&gt; 'etl'", false),
      findings: [{ messageId: 'exemption', severity: 'note', message: ['(the rule is inactive)'] }],
    },
    {
      name: 'flow: echo guards on the record’s modifier and creator; a start filter on another user’s Id is a note',
      files: flow(
        'Case_Sync',
        `    <decisions>
        <name>Skip_Echo</name>
        <rules>
            <name>Not_Mule</name>
            <conditionLogic>and</conditionLogic>
            <conditions>
                <leftValueReference>$Record.LastModifiedById</leftValueReference>
                <operator>EqualTo</operator>
                <rightValue>
                    <stringValue>0055e000001AbCdAAE</stringValue>
                </rightValue>
            </conditions>
            <conditions>
                <leftValueReference>$Record.CreatedBy.Alias</leftValueReference>
                <operator>NotEqualTo</operator>
                <rightValue>
                    <stringValue>mule</stringValue>
                </rightValue>
            </conditions>
        </rules>
    </decisions>
    <start>
        <filters>
            <field>OwnerId</field>
            <operator>NotEqualTo</operator>
            <value>
                <stringValue>0059e000004XyZaAAC</stringValue>
            </value>
        </filters>
        <object>Case</object>
    </start>`,
      ),
      findings: [
        {
          messageId: 'conditionSinglesOut',
          line: 9,
          severity: 'error',
          message: ['Flow Case_Sync singles out', 'Id of the user saving the record'],
        },
        {
          messageId: 'conditionExemption',
          line: 16,
          severity: 'error',
          message: ['alias of the user saving the record'],
        },
        { messageId: 'hardcodedId', line: 26, severity: 'note' },
      ],
    },
    {
      name: 'a screen-flow formula read only by a visibility rule is a display choice: a note',
      files: flow(
        'Intake_Screen',
        `    <formulas>
        <name>Is_Ops_Admin</name>
        <dataType>Boolean</dataType>
        <expression>$Profile.Name = 'Ops Admin'</expression>
    </formulas>
    <screens>
        <name>Details</name>
        <fields>
            <name>Internal_Notes</name>
            <fieldType>LargeTextArea</fieldType>
            <visibilityRule>
                <conditionLogic>and</conditionLogic>
                <conditions>
                    <leftValueReference>Is_Ops_Admin</leftValueReference>
                    <operator>EqualTo</operator>
                    <rightValue>
                        <booleanValue>true</booleanValue>
                    </rightValue>
                </conditions>
            </visibilityRule>
        </fields>
    </screens>`,
      ),
      findings: [{ messageId: 'uiOnly', line: 6, severity: 'note' }],
    },
    {
      name: 'a lookup filter that lets one username through',
      files: {
        [`${D}/objects/Case/fields/Approver__c.field-meta.xml`]: metadata(
          'CustomField',
          '    <fullName>Approver__c</fullName>\n    <lookupFilter>\n        <active>true</active>\n        <booleanFilter>1 OR 2</booleanFilter>\n        <filterItems>\n            <field>$User.Username</field>\n            <operation>equals</operation>\n            <value>ops.admin@acme-corp.com</value>\n        </filterItems>\n        <filterItems>\n            <field>User.IsActive</field>\n            <operation>equals</operation>\n            <value>true</value>\n        </filterItems>\n        <isOptional>false</isOptional>\n    </lookupFilter>\n    <referenceTo>User</referenceTo>\n    <type>Lookup</type>',
        ),
      },
      findings: [
        {
          messageId: 'conditionSinglesOut',
          line: 8,
          severity: 'error',
          message: ['The lookup filter of field Case.Approver__c', "'ops.admin@acme-corp.com'"],
        },
      ],
    },
    {
      name: 'Apex: the Id of a user looked up by username compared with the running user’s',
      files: cls(
        'Sync',
        "public class Sync {\n    void run() {\n        Id etl = [SELECT Id FROM User WHERE Username LIKE 'etl@%' LIMIT 1].Id;\n        if (UserInfo.getUserId() == etl) return;\n    }\n}\n",
      ),
      findings: [
        {
          messageId: 'apex',
          line: 4,
          column: 13,
          severity: 'error',
          message: ['Id looked up by username', "'etl@%'"],
          fix: ["FeatureManagement.checkPermission('Etl_Bypass_Validation')"],
        },
      ],
    },
    {
      name: 'near miss: a test-only hook and a test class are notes',
      files: {
        ...cls(
          'Hooks',
          "public class Hooks {\n    void run() {\n        if (!Test.isRunningTest() || UserInfo.getUserName() == 'tester@acme-corp.com') go();\n    }\n}\n",
        ),
        ...cls(
          'HooksTest',
          "@IsTest\nprivate class HooksTest {\n    @IsTest static void t() {\n        System.assert(UserInfo.getUserName() == 'tester@acme-corp.com');\n    }\n}\n",
        ),
      },
      findings: [
        { messageId: 'apexTestHook', path: `${D}/classes/Hooks.cls`, line: 3, severity: 'note' },
        { messageId: 'apexInTest', path: `${D}/classes/HooksTest.cls`, line: 4, severity: 'note' },
      ],
    },
  ],
});
