/** The integration spec as written by the user (see schemas/integration-spec.schema.json). */
export type ObjectAccess = 'read' | 'create' | 'edit' | 'delete' | 'viewAll' | 'modifyAll';
export type FieldAccess = 'read' | 'edit';
export type AuthFlow = 'jwt-bearer' | 'client-credentials' | 'authorization-code' | 'none';
export type AppKind = 'external-client-app' | 'connected-app' | 'none';
export type RefreshTokenPolicy = 'zero' | 'specific-lifetime' | 'specific-inactivity' | 'infinite';

export type IpRange = { start: string; end: string; description?: string };

export type IntegrationSpec = {
  name: string;
  apiName?: string;
  description?: string;
  owners: { business: string; technical: string };
  support: string;
  user: {
    username: string;
    email?: string;
    firstName?: string;
    lastName?: string;
    alias?: string;
    timeZone?: string;
    locale?: string;
    license?: 'integration' | 'salesforce';
    licenseReason?: string;
    profile?: 'standard' | 'per-integration';
  };
  auth?: {
    flow?: AuthFlow;
    app?: AppKind;
    callbackUrl?: string;
    certificate?: string;
    scopes?: string[];
    ipRanges?: IpRange[];
    trustedIpRanges?: IpRange[];
    refreshToken?: { policy: RefreshTokenPolicy; validity?: number; unit?: 'hours' | 'days' | 'months' };
  };
  access?: {
    objects?: Record<string, ObjectAccess[]>;
    fields?: Record<string, FieldAccess[]>;
    userPermissions?: string[];
    bypassValidation?: boolean;
  };
  api?: {
    direction?: 'inbound' | 'outbound' | 'bidirectional';
    frequency?: string;
    dailyVolume?: number | string;
    peak?: string;
    retry?: string;
    errorOwner?: string;
    alerts?: string;
  };
  lifecycle?: {
    expires?: string;
    review?: 'monthly' | 'quarterly' | 'semiannual' | 'annual';
    nextReview?: string;
    offboarding?: string[];
  };
};

/** Object permissions after dependencies are closed (what a deploy accepts). */
export type ObjectGrant = {
  object: string;
  allowCreate: boolean;
  allowDelete: boolean;
  allowEdit: boolean;
  allowRead: boolean;
  modifyAllRecords: boolean;
  viewAllRecords: boolean;
};

export type FieldGrant = { field: string; editable: boolean; readable: boolean };

/** An object without object permissions (Task, Event, child objects): access through a user permission, the parent or sharing. */
export type IndirectGrant = {
  object: string;
  /** EditTask / EditEvent when the spec asks to create, edit or delete; undefined for read only. */
  userPermission?: string;
  /** What the spec asked for, after dependencies are closed. */
  access: ObjectGrant;
};

/** A spec resolved into everything the generator writes: names, grants, defaults. */
export type ResolvedIntegration = {
  spec: IntegrationSpec;
  /** Absolute path of the spec file. */
  specFile: string;
  /** Spec file path relative to the project root, with forward slashes. */
  specPath: string;
  apiName: string;
  label: string;
  license: 'integration' | 'salesforce';
  profileName: string;
  /** Profile written by the generator (user.profile per-integration), else undefined. */
  generatedProfile?: string;
  permissionSetName: string;
  customPermissionName?: string;
  bypassFormula?: string;
  flow: AuthFlow;
  app: AppKind;
  appName?: string;
  callbackUrl: string;
  certificatePem?: string;
  /** Metadata API scope names, sorted as the schema enumerates them. */
  scopes: string[];
  /** Login IP ranges, enforced on the generated profile. */
  ipRanges: IpRange[];
  /** Ranges the OAuth app trusts (verification waived), only when the spec asks for them. */
  trustedIpRanges: IpRange[];
  refreshToken: { policy: RefreshTokenPolicy; validity?: number; unit?: 'hours' | 'days' | 'months' };
  objectGrants: ObjectGrant[];
  /** Objects without object permissions (Task, Event, child objects), granted another way. */
  indirectGrants: IndirectGrant[];
  fieldGrants: FieldGrant[];
  userPermissions: string[];
  email: string;
  alias: string;
  /** Permissions added because others need them, said back to the user. */
  implied: string[];
  /** Where the platform grants access differently from how the spec words it (tasks, child objects, login IP ranges), said back to the user. */
  notes: string[];
  /** Broad (warning-tier) permissions the spec asks for: accepted, and said so. */
  accessWarnings: string[];
};

/** A problem in a spec file, with the place it was found. */
export type SpecProblem = {
  file: string;
  line?: number;
  column?: number;
  message: string;
};
