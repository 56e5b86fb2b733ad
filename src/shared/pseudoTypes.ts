/** Pseudo metadata types for the project files that are not Salesforce metadata but hold identities. */
export const SPEC_TYPE = 'IntegrationSpec';
export const USER_DEFINITION_TYPE = 'UserDefinition';
