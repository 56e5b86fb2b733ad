/**
 * User permissions that amount to administering the org, in two tiers. One table: `generate` refuses the error tier
 * and warns on the warning tier in a spec's access.userPermissions; lint's admin-profile rule reports both in the
 * profiles and permission sets integrations use, at these severities. Generate's output therefore always lints
 * without an error.
 *
 * - error: full data access, or power over users, permissions, code, metadata, OAuth apps or keys;
 * - warning: broad powers an integration rarely needs.
 */
export type AdminTier = 'error' | 'warning';

export const ADMIN_PERMISSIONS: Readonly<Record<string, AdminTier>> = {
  // Full data access
  ModifyAllData: 'error',
  ViewAllData: 'error',
  ViewEncryptedData: 'error',
  // Power over users and their access
  ManageUsers: 'error',
  ManageInternalUsers: 'error',
  ManageProfilesPermissionsets: 'error',
  AssignPermissionSets: 'error',
  ResetPasswords: 'error',
  FreezeUsers: 'error',
  ManageTwoFactor: 'error',
  ManageSessionPermissionSets: 'error',
  // Code, metadata, apps and keys
  AuthorApex: 'error',
  CustomizeApplication: 'error',
  ModifyMetadata: 'error',
  InstallPackaging: 'error',
  ManageRemoteAccess: 'error',
  ManageEncryptionKeys: 'error',
  // Broad, rarely needed by an integration
  ViewSetup: 'warning',
  ViewAllUsers: 'warning',
  ManageRoles: 'warning',
  ManageSharing: 'warning',
  ManageCustomPermissions: 'warning',
  ManageAuthProviders: 'warning',
  ManageIpAddresses: 'warning',
  ManageLoginAccessPolicies: 'warning',
  ManagePasswordPolicies: 'warning',
  ManageDataIntegrations: 'warning',
  ManageSandboxes: 'warning',
  ManageCertificates: 'warning',
  EditReadonlyFields: 'warning',
  BulkApiHardDelete: 'warning',
  TransferAnyEntity: 'warning',
  DebugApex: 'warning',
};

/** The tier of a permission API name (case-insensitive, as Salesforce compares them), or undefined. */
export function adminTier(permission: string): { name: string; tier: AdminTier } | undefined {
  const key = Object.keys(ADMIN_PERMISSIONS).find((p) => p.toLowerCase() === permission.trim().toLowerCase());
  return key ? { name: key, tier: ADMIN_PERMISSIONS[key] } : undefined;
}
