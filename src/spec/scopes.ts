/**
 * OAuth scope names (as in an OAuth request and Salesforce Help) to the Metadata API enumeration
 * ConnectedAppOauthAccessScope. The order of SCOPE_ENUM is the schema's, which is the order we write.
 */
export const SCOPE_ENUM = [
  'Basic',
  'Api',
  'Web',
  'Full',
  'Chatter',
  'CustomApplications',
  'RefreshToken',
  'OpenID',
  'Profile',
  'Email',
  'Address',
  'Phone',
  'OfflineAccess',
  'CustomPermissions',
  'Wave',
  'Eclair',
  'Pardot',
  'Lightning',
  'Content',
  'CDPIngest',
  'CDPProfile',
  'CDPQuery',
  'Chatbot',
  'CDPSegment',
  'CDPIdentityResolution',
  'CDPCalculatedInsight',
  'ForgotPassword',
  'UserRegistration',
  'SFAP',
  'Interaction',
  'CDP',
  'EinsteinGPT',
  'PwdlessLogin',
  'MCP',
  'SCRT',
] as const;

export type MetadataScope = (typeof SCOPE_ENUM)[number];

const OAUTH_NAMES = new Map<string, MetadataScope>([
  ['id', 'Basic'],
  ['api', 'Api'],
  ['web', 'Web'],
  ['full', 'Full'],
  ['chatter_api', 'Chatter'],
  ['visualforce', 'CustomApplications'],
  ['refresh_token', 'RefreshToken'],
  ['offline_access', 'RefreshToken'],
  ['openid', 'OpenID'],
  ['profile', 'Profile'],
  ['email', 'Email'],
  ['address', 'Address'],
  ['phone', 'Phone'],
  ['custom_permissions', 'CustomPermissions'],
  ['wave_api', 'Wave'],
  ['eclair_api', 'Eclair'],
  ['pardot_api', 'Pardot'],
  ['lightning', 'Lightning'],
  ['content', 'Content'],
  ['cdp_ingest_api', 'CDPIngest'],
  ['cdp_profile_api', 'CDPProfile'],
  ['cdp_query_api', 'CDPQuery'],
  ['chatbot_api', 'Chatbot'],
  ['cdp_segment_api', 'CDPSegment'],
  ['cdp_identityresolution_api', 'CDPIdentityResolution'],
  ['cdp_calculated_insight_api', 'CDPCalculatedInsight'],
  ['forgot_password', 'ForgotPassword'],
  ['user_registration_api', 'UserRegistration'],
  ['sfap_api', 'SFAP'],
  ['interaction_api', 'Interaction'],
  ['cdp_api', 'CDP'],
  ['einstein_gpt_api', 'EinsteinGPT'],
  ['pwdless_login_api', 'PwdlessLogin'],
  ['mcp_api', 'MCP'],
  ['scrt_api', 'SCRT'],
]);

const BY_LOWER_ENUM = new Map<string, MetadataScope>(SCOPE_ENUM.map((s) => [s.toLowerCase(), s]));

/** Maps a friendly or Metadata API scope name; undefined when it is neither. */
export function toMetadataScope(name: string): MetadataScope | undefined {
  const key = name.trim();
  return OAUTH_NAMES.get(key.toLowerCase()) ?? BY_LOWER_ENUM.get(key.toLowerCase());
}

/** Sorted in schema order, without duplicates (refresh_token and offline_access are one scope). */
export function sortScopes(scopes: Iterable<MetadataScope>): MetadataScope[] {
  const set = new Set(scopes);
  return SCOPE_ENUM.filter((s) => set.has(s));
}

/** The OAuth name we show people for a Metadata API scope. */
export function oauthName(scope: MetadataScope): string {
  return [...OAUTH_NAMES].find(([, v]) => v === scope)?.[0] ?? scope;
}
