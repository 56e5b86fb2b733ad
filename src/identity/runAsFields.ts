/**
 * Class A of shared/schemas/user-reference-fields.tsv: elements that hold the Salesforce username an integration,
 * handler or automation runs as. `type` is the registry type holding the file, `root` the XML root element, `path` the
 * element path below the root. test/identity/runAsFields.test.ts checks this list against the TSV.
 *
 * Left out on purpose: Dashboard.runningUser, AnalyticSnapshot.runningUser and CaseSettings.defaultCaseUser (reporting
 * and case-automation identities, legitimately shared by many dashboards and snapshots, not integrations), and the
 * A? rows whose values are Ids or undocumented.
 */
export type RunAsField = { type: string; root: string; path: string[]; label: string };

export const RUN_AS_FIELDS: readonly RunAsField[] = [
  { type: 'Workflow', root: 'Workflow', path: ['outboundMessages', 'integrationUser'], label: 'outbound message user' },
  {
    type: 'WorkflowOutboundMessage',
    root: 'WorkflowOutboundMessage',
    path: ['integrationUser'],
    label: 'outbound message user',
  },
  {
    type: 'ConnectedApp',
    root: 'ConnectedApp',
    path: ['oauthConfig', 'oauthClientCredentialUser'],
    label: 'client-credentials run-as user',
  },
  {
    type: 'ConnectedApp',
    root: 'ConnectedApp',
    path: ['pluginExecutionUser'],
    label: 'connected app plugin execution user',
  },
  {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    root: 'ExtlClntAppOauthConfigurablePolicies',
    path: ['clientCredentialsFlowUser'],
    label: 'client-credentials run-as user',
  },
  {
    type: 'ExtlClntAppOauthConfigurablePolicies',
    root: 'ExtlClntAppOauthConfigurablePolicies',
    path: ['executeHandlerAs'],
    label: 'OAuth handler execution user',
  },
  {
    type: 'AuthProvider',
    root: 'AuthProvider',
    path: ['executionUser'],
    label: 'auth provider registration handler user',
  },
  {
    type: 'EmailServicesFunction',
    root: 'EmailServicesFunction',
    path: ['emailServicesAddresses', 'runAsUser'],
    label: 'email service run-as user',
  },
  {
    type: 'PlatformEventSubscriberConfig',
    root: 'PlatformEventSubscriberConfig',
    path: ['user'],
    label: 'platform event subscriber user',
  },
  {
    type: 'TransactionSecurityPolicy',
    root: 'TransactionSecurityPolicy',
    path: ['executionUser'],
    label: 'transaction security policy execution user',
  },
  {
    type: 'OauthTokenExchangeHandler',
    root: 'OauthTokenExchangeHandler',
    path: ['enablements', 'apexExecutionUser'],
    label: 'token exchange handler user',
  },
  {
    type: 'MyDomainDiscoverableLogin',
    root: 'MyDomainDiscoverableLogin',
    path: ['executeApexHandlerAs'],
    label: 'discovery handler user',
  },
  {
    type: 'Network',
    root: 'Network',
    path: ['networkAuthApiSettings', 'headlessDiscoveryExecutionUser'],
    label: 'headless discovery user',
  },
  {
    type: 'Network',
    root: 'Network',
    path: ['networkAuthApiSettings', 'registrationExecutionUser'],
    label: 'headless registration user',
  },
  {
    type: 'MessagingChannel',
    root: 'MessagingChannel',
    path: ['sessionHandlerUser'],
    label: 'messaging session handler user',
  },
  { type: 'Bot', root: 'Bot', path: ['botUser'], label: 'bot user' },
  {
    type: 'BatchCalcJobDefinition',
    root: 'BatchCalcJobDefinition',
    path: ['writebacks', 'writebackUser'],
    label: 'data processing write-back user',
  },
  {
    type: 'CloudServiceProvider',
    root: 'CloudServiceProvider',
    path: ['usageAggregateServiceUser'],
    label: 'usage aggregation service user',
  },
  {
    type: 'StageDefinition',
    root: 'StageDefinition',
    path: ['stageTransition', 'stepGroup', 'step', 'runAsUser'],
    label: 'fulfillment step run-as user',
  },
  {
    type: 'Settings',
    root: 'AutomatorConfigSettings',
    path: ['automatorConfig', 'notificationUsername'],
    label: 'automator notification user',
  },
];

/** Class-A rows of the TSV deliberately not in RUN_AS_FIELDS (see above). */
export const EXCLUDED_RUN_AS_ROWS = [
  'Dashboard.runningUser',
  'AnalyticSnapshot.runningUser',
  'CaseSettings.defaultCaseUser',
];
