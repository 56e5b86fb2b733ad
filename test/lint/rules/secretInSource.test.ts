import { secretInSource } from '../../../src/lint/rules/secretInSource.js';
import { D, metadata, ruleTester } from '../../helpers/ruleTester.js';

const cls = (name: string, body: string): Record<string, string> => ({ [`${D}/classes/${name}.cls`]: body });
const cmd = (record: string, field: string, value: string): Record<string, string> => ({
  [`${D}/customMetadata/${record}.md-meta.xml`]: metadata(
    'CustomMetadata',
    `    <label>Default</label>
    <protected>true</protected>
    <values>
        <field>${field}</field>
        <value xsi:type="xsd:string">${value}</value>
    </values>`,
  ).replace(
    'xmlns=',
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns=',
  ),
});
const authProvider = (secret: string): Record<string, string> => ({
  [`${D}/authproviders/Okta.authprovider-meta.xml`]: metadata(
    'AuthProvider',
    `    <consumerKey>0oa1b2c3d4e5f6g7h8i9</consumerKey>
    <consumerSecret>${secret}</consumerSecret>
    <friendlyName>Okta</friendlyName>
    <providerType>OpenIdConnect</providerType>`,
  ),
});

ruleTester(secretInSource, {
  valid: [
    {
      name: 'a PEM header in code that strips it, and a query-string key name the value is appended to',
      files: cls(
        'JwtSigner',
        "public class JwtSigner {\n    String clean(String pem) { return pem.replace('-----BEGIN PRIVATE KEY-----', '').replace('-----END PRIVATE KEY-----', ''); }\n    String url(String key) { String api_key = '&api_key=' + key; return api_key; }\n}\n",
      ),
    },
    {
      name: 'the Placeholder_Value retrieve writes into an auth provider secret',
      files: authProvider('Placeholder_Value'),
    },
    {
      name: 'boilerplate password-change controller test: dummy passwords in an @IsTest class',
      files: cls(
        'ChangePasswordControllerTest',
        "@IsTest public with sharing class ChangePasswordControllerTest {\n    @IsTest(SeeAllData=true) public static void testChangePasswordController() {\n        ChangePasswordController controller = new ChangePasswordController();\n        controller.oldPassword = '123456';\n        controller.newPassword = 'qwerty1';\n        controller.verifyNewPassword = 'qwerty1';\n        System.assertEquals(controller.changePassword(), null);\n    }\n}\n",
      ),
    },
    {
      name: 'dummy values in a test class (Api_Token__c = testToken)',
      files: cls(
        'SyncServiceTest',
        "@isTest\nprivate class SyncServiceTest {\n    static testMethod void sync() {\n        Sync_Setting__c s = new Sync_Setting__c(Api_Token__c = 'testToken');\n        String apiKey = 'fake-key-123';\n    }\n}\n",
      ),
    },
    {
      name: 'constants that hold a key or header name, not a secret',
      files: cls(
        'OAuthClient',
        "public class OAuthClient {\n    private static final String TOKEN_PARAM = 'token';\n    private static final String ACCESS_TOKEN_KEY = 'access_token';\n    public static final String API_KEY_HEADER = 'X-Api-Key';\n    String passwordLabel = 'Password';\n    String tokenEndpoint = 'https://login.example.com/oauth/token';\n    String passwordHint = 'at least 8 characters';\n}\n",
      ),
    },
    {
      name: 'a mock HTTP response generator with an obviously fake token',
      files: cls(
        'PaymentCalloutMock',
        "global class PaymentCalloutMock implements HttpCalloutMock {\n    global HTTPResponse respond(HTTPRequest req) {\n        String accessToken = 'abc123';\n        return new HttpResponse();\n    }\n}\n",
      ),
    },
    {
      name: 'custom metadata: a URL in a token-named field (Token_URL__c)',
      files: cmd('Oauth_Config.Default', 'Token_URL__c', 'https://login.example.com/services/oauth2/token'),
    },
    {
      name: 'custom metadata: a namespace prefix that contains "secrets" (ns_secrets__Scope__c)',
      files: cmd('Vault.Default', 'ns_secrets__Scope__c', 'aB3dE5fG7hJ9kL1mN3pQ'),
    },
    {
      name: 'custom metadata: the name of a secret, not its value (Secret_Name__c)',
      files: cmd('Vault.Default', 'Secret_Name__c', 'erp/prod/api-key'),
    },
    {
      name: 'documented dummy AWS key (AKIAIOSFODNN7EXAMPLE) and a merge field for the password',
      files: cls(
        'S3Client',
        "public class S3Client {\n    // e.g. AKIAIOSFODNN7EXAMPLE\n    String body = '{!$Credential.Password}';\n}\n",
      ),
    },
  ],
  invalid: [
    {
      name: 'near miss: a real-looking token in a custom metadata record named as a test record is a warning',
      files: {
        ...cmd('Health_Check_Config.test', 'Token__c', 'sk9Qm2Vx7Lp4Rt8Zw1Nb5Hc3Jd6Fg0KyZq8/Xw=='),
        ...cmd('Vault.TestData', 'Secret_Key__c', 'a0359e8c-5505-42af-a20c-6afd28067ae5'),
      },
      findings: [
        {
          messageId: 'customMetadataTestRecord',
          path: `${D}/customMetadata/Health_Check_Config.test.md-meta.xml`,
          line: 7,
          severity: 'warning',
        },
        {
          messageId: 'customMetadataTestRecord',
          path: `${D}/customMetadata/Vault.TestData.md-meta.xml`,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'near miss: a record whose name only starts with the letters of "test" (Testament, Contest) is no test record',
      files: cmd('Vault.Testament', 'Secret_Key__c', 'a0359e8c-5505-42af-a20c-6afd28067ae5'),
      findings: [{ messageId: 'customMetadata', severity: 'error' }],
    },
    {
      name: 'every token format, each alone in its file (one scan tells a file with none of them apart)',
      files: {
        ...cls('Token0', "public class Token0 {\n    String t = 'ASIAWK3DEGZDPCF54ERF';\n}\n"),
        ...cls('Token1', "public class Token1 {\n    String t = 'sk_live_mdD5nHQrroDnobDQCm7JUcKk';\n}\n"),
        ...cls('Token2', "public class Token2 {\n    String t = 'xoxb-1948219935-GmwEnDqPhukd2WfofZVR3Mv2';\n}\n"),
        ...cls('Token3', "public class Token3 {\n    String t = 'ghp_RFnVjh9XxeUpEHicLzXKhcCtEzmn395WXvYp';\n}\n"),
        ...cls(
          'Token4',
          "public class Token4 {\n    String t = '00Dho4fE6FTgvtE!DxvVsnu5eUwa9tYBfYLqHhDP2UJyRbb8hFLebmT9J5d8';\n}\n",
        ),
        ...cls('Token5', "public class Token5 {\n    String t = 'AIzamTwcYu9aQKFMKQtQAh6oMSUAKckZqnWJv7i';\n}\n"),
      },
      findings: [
        { messageId: 'token', path: `${D}/classes/Token0.cls`, line: 2, column: 17, message: ['an AWS access key id'] },
        {
          messageId: 'token',
          path: `${D}/classes/Token1.cls`,
          line: 2,
          column: 17,
          message: ['a Stripe live secret key'],
        },
        { messageId: 'token', path: `${D}/classes/Token2.cls`, line: 2, column: 17, message: ['a Slack token'] },
        { messageId: 'token', path: `${D}/classes/Token3.cls`, line: 2, column: 17, message: ['a GitHub token'] },
        {
          messageId: 'token',
          path: `${D}/classes/Token4.cls`,
          line: 2,
          column: 17,
          message: ['a Salesforce session id or access token'],
        },
        { messageId: 'token', path: `${D}/classes/Token5.cls`, line: 2, column: 17, message: ['a Google API key'] },
      ],
    },
    {
      name: 'a real-looking AWS key in a test class is still a leak: a warning',
      files: cls(
        'S3ClientTest',
        "@IsTest\nprivate class S3ClientTest {\n    static final String KEY = 'AKIAZ3JQ7PLMNB4KXWYT';\n}\n",
      ),
      findings: [
        { messageId: 'tokenInTest', line: 3, column: 32, severity: 'warning', message: ['an AWS access key id'] },
      ],
    },
    {
      name: 'a short key in custom metadata is a warning',
      files: cmd('Erp_Settings.Sandbox', 'Api_Key__c', 'hunter22'),
      findings: [{ messageId: 'customMetadataWeak', line: 7, severity: 'warning' }],
    },
    {
      name: 'a password in a user definition',
      files: {
        'config/erp-user-def.json': JSON.stringify(
          { Username: 'erp@acme-corp.com', password: 'Summer2024!x' },
          null,
          2,
        ),
      },
      findings: [{ messageId: 'document', line: 3, severity: 'error', message: ['password'] }],
    },
    {
      name: 'a real-looking auth provider consumer secret',
      files: authProvider('8f3KqL0vX2mZ9rT4wY7uB1nC6eH5jD0s'),
      findings: [
        {
          messageId: 'element',
          line: 4,
          column: 5,
          severity: 'error',
          message: ['AuthProvider Okta', 'consumerSecret'],
        },
      ],
    },
    {
      name: 'custom metadata records that store a real-looking API key stay errors',
      files: cmd('Erp_Settings.Production', 'Api_Key__c', 'sk9Qm2Vx7Lp4Rt8Zw1Nb5Hc3Jd6Fg0Ky'),
      findings: [
        { messageId: 'customMetadata', line: 7, severity: 'error', message: ['Erp_Settings.Production', 'Api_Key__c'] },
      ],
    },
    {
      name: 'a password literal in production code',
      files: cls(
        'ErpClient',
        "public class ErpClient {\n    private static final String ERP_PASSWORD = 'Wq7#kLp2!vRz';\n}\n",
      ),
      findings: [
        {
          messageId: 'apexLiteral',
          line: 2,
          column: 33,
          severity: 'error',
          message: ['Class ErpClient', 'ERP_PASSWORD'],
        },
      ],
    },
    {
      name: 'a literal Basic Authorization header',
      files: cls(
        'Ftp',
        "public class Ftp {\n    void send(HttpRequest req) {\n        req.setHeader('Authorization', 'Basic ZXRsOlM0ZmVQYXNzIQ==');\n    }\n}\n",
      ),
      findings: [{ messageId: 'apexLiteral', line: 3, severity: 'error', message: ['literal Authorization header'] }],
    },
    {
      name: 'near miss: a real-looking secret in a test class is a note, not an error',
      files: cls(
        'ErpClientTest',
        "@IsTest\nprivate class ErpClientTest {\n    static final String CLIENT_SECRET = 'Zr8vQ2mW5kL9pX3tN7bJ';\n}\n",
      ),
      findings: [{ messageId: 'apexLiteralInTest', line: 3, severity: 'note' }],
    },
    {
      name: 'a short non-dummy password literal in production code is a warning',
      files: cls('Legacy', "public class Legacy {\n    String pwd = 'hunter2';\n}\n"),
      findings: [{ messageId: 'apexLiteralWeak', line: 2, severity: 'warning' }],
    },
    {
      name: 'a known token format anywhere, even in a comment',
      files: cls('Notify', 'public class Notify {\n    // old token xoxb-2048-1024-AbCdEfGhIjKlMnOp\n}\n'),
      findings: [{ messageId: 'token', line: 2, column: 18, severity: 'error', message: ['a Slack token'] }],
    },
  ],
});
