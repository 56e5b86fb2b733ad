import { adminProfile } from '../../../src/lint/rules/adminProfile.js';
import { ADMIN_PERMISSIONS } from '../../../src/shared/adminPermissions.js';
import { D, metadata, ruleTester } from '../../helpers/ruleTester.js';

const perms = (names: string[]): string =>
  names
    .map(
      (n) =>
        `    <userPermissions>\n        <enabled>true</enabled>\n        <name>${n}</name>\n    </userPermissions>`,
    )
    .join('\n');

function profile(name: string, body: string, permissions: string[]): Record<string, string> {
  return { [`${D}/profiles/${name}.profile-meta.xml`]: metadata('Profile', `${body}\n${perms(permissions)}`) };
}
function permissionSet(name: string, body: string, permissions: string[]): Record<string, string> {
  return {
    [`${D}/permissionsets/${name}.permissionset-meta.xml`]: metadata('PermissionSet', `${body}\n${perms(permissions)}`),
  };
}

const SIXTEEN = Object.keys(ADMIN_PERMISSIONS)
  .filter((p) => ADMIN_PERMISSIONS[p] === 'error')
  .slice(0, 16);

ruleTester(adminProfile, {
  valid: [
    {
      name: 'near miss: people who administer deployment requests, and Salesforce’s own sfdc_ permission sets',
      files: {
        ...permissionSet('Deployment_Request_Administrators', '    <label>Deployment Request Administrators</label>', [
          'ModifyAllData',
        ]),
        ...permissionSet(
          'sfdc_fieldservice',
          '    <label>Field Service</label>\n    <license>Salesforce Integration</license>',
          ['ViewAllData'],
        ),
      },
    },
    {
      name: 'a Salesforce-managed integration profile (custom false): its View All Data is the platform’s',
      files: profile(
        'Analytics Cloud Integration User',
        '    <custom>false</custom>\n    <userLicense>Analytics Cloud Integration User</userLicense>',
        ['ApiEnabled', 'ViewAllData', 'ApiUserOnly'],
      ),
    },
    {
      name: 'a managed integration profile retrieved without <custom> is recognised by its name',
      files: profile('Sales Insights Integration User', '    <userLicense>Salesforce Integration</userLicense>', [
        'ViewAllData',
      ]),
    },
    {
      name: 'an API-only integration profile without admin-equivalent permissions',
      files: profile(
        'Acme ERP API',
        '    <custom>true</custom>\n    <userLicense>Salesforce Integration</userLicense>',
        ['ApiEnabled', 'ApiUserOnly', 'EditTask'],
      ),
    },
    {
      name: 'an admin permission set for people, whose description says it is never for integration users',
      files: permissionSet(
        'Sales_Ops_Admin',
        '    <description>Sales Operations analysts. Assigned to people, never to integration users.</description>\n    <label>Sales Ops Admin</label>',
        ['ModifyAllData', 'ViewAllData'],
      ),
    },
    {
      name: 'near miss: a vendor-prefixed copy of a people profile with broad (not admin-equivalent) permissions only',
      files: profile('Bomgar_Support User', '    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>', [
        'TransferAnyEntity',
        'ViewSetup',
      ]),
    },
    {
      name: 'Salesforce’s own internal integration permission set (sfdcInternalInt__ namespace)',
      files: permissionSet(
        'sfdcInternalInt__sfdc_activityplatform',
        '    <label>Activity Platform Integration</label>\n    <license>Salesforce Integration</license>',
        ['ViewAllUsers', 'ApiEnabled'],
      ),
    },
    {
      name: 'a human profile with admin permissions and nothing that says integration',
      files: profile('Sales Manager', '    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>', [
        'ModifyAllData',
        'ViewAllData',
      ]),
    },
    {
      name: 'an admin permission granted as disabled',
      files: {
        [`${D}/permissionsets/Mule_Integration.permissionset-meta.xml`]: metadata(
          'PermissionSet',
          '    <label>Mule Integration</label>\n    <userPermissions>\n        <enabled>false</enabled>\n        <name>ModifyAllData</name>\n    </userPermissions>',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a connected app pre-authorised for the System Administrator profile',
      files: {
        [`${D}/connectedApps/Legacy_ETL.connectedApp-meta.xml`]: metadata(
          'ConnectedApp',
          '    <contactEmail>it@acme-corp.com</contactEmail>\n    <label>Legacy ETL</label>\n    <oauthConfig>\n        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>\n        <isAdminApproved>true</isAdminApproved>\n        <scopes>Api</scopes>\n    </oauthConfig>\n    <profileName>System Administrator</profileName>',
        ),
      },
      findings: [
        { messageId: 'adminPreauthorised', line: 10, severity: 'error', message: ['Connected app Legacy_ETL'] },
      ],
    },
    {
      name: 'a spec that asks for an admin-equivalent permission',
      files: { 'integrations/erp.yaml': 'name: ERP\naccess:\n  userPermissions: [ModifyAllData]\n' },
      findings: [{ messageId: 'specPermission', line: 3, column: 21, severity: 'error', message: ['ModifyAllData'] }],
    },
    {
      name: 'a vendor-named System Administrator clone ("<Vendor> API") with sixteen admin permissions: one finding listing all of them',
      files: profile('Acme Vendor API', '    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>', [
        ...SIXTEEN,
        'ApiEnabled',
      ]),
      findings: [
        {
          messageId: 'adminPermissions',
          line: 7,
          column: 9,
          severity: 'error',
          message: [
            'Profile Acme Vendor API',
            'its name says "api"',
            `${SIXTEEN.length} admin-equivalent permission(s): ${SIXTEEN.join(', ')}`,
          ],
          fix: ['Minimum Access - API Only Integrations'],
        },
      ],
    },
    {
      name: 'a profile named for an integration vendor (Informatica) and a backup tool (OwnBackup Backup)',
      files: {
        ...profile('Informatica Cloud', '    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>', [
          'ModifyMetadata',
          'ViewAllData',
        ]),
        ...profile('Nightly Backup', '    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>', [
          'ViewAllData',
        ]),
      },
      findings: [
        {
          messageId: 'adminPermissions',
          path: `${D}/profiles/Informatica Cloud.profile-meta.xml`,
          message: ['it is named for Informatica', 'ViewAllData, ModifyMetadata'],
        },
        {
          messageId: 'adminPermissions',
          path: `${D}/profiles/Nightly Backup.profile-meta.xml`,
          message: ['its name says "backup"'],
        },
      ],
    },
    {
      name: 'an API-only profile with Modify All Data, named for nothing in particular',
      files: profile('System Admin Clone 2', '    <custom>true</custom>\n    <userLicense>Salesforce</userLicense>', [
        'ApiUserOnly',
        'ModifyAllData',
      ]),
      findings: [
        { messageId: 'adminPermissions', severity: 'error', message: ['API-only (ApiUserOnly)', 'ModifyAllData'] },
      ],
    },
    {
      name: 'a permission set whose description says it is for an integration user, and one named for one API consumer (Snowflake)',
      files: {
        ...permissionSet(
          'Data_Access',
          '    <description>Data Migration &amp; Data Integration use</description>\n    <label>Data Access</label>',
          ['ViewAllData'],
        ),
        ...permissionSet('Snowflake_Reader', '    <label>Snowflake Reader</label>', ['ViewAllData', 'ApiEnabled']),
      },
      findings: [
        {
          messageId: 'adminPermissions',
          path: `${D}/permissionsets/Data_Access.permissionset-meta.xml`,
          message: ['its description says "Integration"'],
        },
        {
          messageId: 'adminPermissions',
          path: `${D}/permissionsets/Snowflake_Reader.permissionset-meta.xml`,
          message: ['it is named for Snowflake'],
        },
      ],
    },
    {
      name: 'broad permissions only (ViewSetup) on the integration license: one warning',
      files: permissionSet(
        'ERP_Integration',
        '    <label>ERP Integration</label>\n    <license>Salesforce API Integration</license>',
        ['ApiEnabled', 'ViewSetup'],
      ),
      findings: [
        {
          messageId: 'broadPermissions',
          severity: 'warning',
          message: ['on the Salesforce Integration license', 'ViewSetup'],
        },
      ],
    },
    {
      name: 'a user definition that creates an integration user on System Administrator',
      files: {
        'config/erp-user-def.json': JSON.stringify(
          { Username: 'erp@acme-corp.com', profileName: 'System Administrator' },
          null,
          2,
        ),
      },
      findings: [{ messageId: 'adminUserDefinition', line: 3, severity: 'error' }],
    },
  ],
});
