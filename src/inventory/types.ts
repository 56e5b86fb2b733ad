/** What `sf integration inventory` finds: every integration identity, the systems it serves and what reaches them. */

/** A component that makes an identity the run-as or integration identity of a system. */
export type InventoryComponent = {
  /** Metadata type (IntegrationSpec and UserDefinition for the plugin's own files). */
  type: string;
  name: string;
  /** Project-relative path with forward slashes. */
  path: string;
  line?: number;
  /** The element that names the identity (`outboundMessages.integrationUser`). */
  element: string;
  /** What the component is, for people: "outbound message", "connected app". */
  noun: string;
  /** What the metadata says it touches: an outbound message's object and fields, an app's OAuth scopes. */
  touches: string[];
  /** How it authenticates, where the metadata shows it. */
  auth?: string;
  /** The endpoint it calls, without credentials. */
  endpoint?: string;
};

export type InventorySystem = {
  /** The same for every identity that serves the system: `domain:acme-erp.com`, `vendor:mulesoft`, `name:<name>`. */
  key: string;
  name: string;
  /** How the system was told apart from the identity's other systems. */
  basis: 'endpoint' | 'vendor' | 'name' | 'internal';
  /** The evidence, for people: "endpoint host erp.acme.example", "vendor MuleSoft", "names: netsuite". */
  evidence: string;
  components: InventoryComponent[];
};

/** A profile or permission set an identity is tied to, and the admin-equivalent permissions it grants. */
export type InventoryAccess = {
  kind: 'profile' | 'permissionSetGroup' | 'permissionSet';
  name: string;
  /** Who ties it to the identity: "user definition config/x.json", "connected app X". */
  by: string;
  /** Project-relative path of its file, when the project has it. */
  path?: string;
  adminPermissions: string[];
};

export type InventoryIdentity = {
  /** The user as compared: lower-cased, a sandbox copy folded onto its production username. */
  username: string;
  /** As written in the files. */
  usernames: string[];
  /** A Salesforce user, or an account in an external system that named credentials log in as. */
  kind: 'salesforce-user' | 'external-account';
  /** Serves two or more external systems: what lint's shared-integration-user reports. */
  shared: boolean;
  systems: InventorySystem[];
  access: InventoryAccess[];
};

/** A named credential: where Salesforce calls out to, and as whom. */
export type InventoryCredential = {
  name: string;
  path: string;
  endpoint?: string;
  /** Legacy: the protocol and principal type; new style: the external credential's protocol. */
  auth?: string;
  /** The external account a legacy named credential logs in as. */
  account?: string;
  externalCredential?: string;
  /** The external credential's principals (named or per-user), as `<name> (<type>)`. */
  principals: string[];
};

export type Inventory = {
  identities: InventoryIdentity[];
  credentials: InventoryCredential[];
  /** External systems found, counted once however many identities serve them (internal automation left out). */
  systemCount: number;
};
