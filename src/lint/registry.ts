import { createRequire } from 'node:module';

/**
 * Which files hold which metadata type, from @salesforce/source-deploy-retrieve's own registry. We read its
 * registry data rather than importing the library: the import costs ~0.35 s, too much for a pre-commit hook,
 * while the data is all the classification needs.
 */
type RegistryType = {
  id: string;
  name: string;
  suffix?: string;
  directoryName?: string;
  strictDirectoryName?: boolean;
  strategies?: { adapter?: string };
  children?: { types: Record<string, RegistryType>; suffixes: Record<string, string> };
};
type Registry = {
  types: Record<string, RegistryType>;
  suffixes: Record<string, string>;
  strictDirectoryNames: Record<string, string>;
  childTypes: Record<string, string>;
};

const require = createRequire(import.meta.url);
let registry: Registry | undefined;
let bySuffix: Map<string, RegistryType> | undefined;

function load(): { registry: Registry; bySuffix: Map<string, RegistryType> } {
  if (!registry || !bySuffix) {
    registry = require('@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json') as Registry;
    bySuffix = new Map();
    for (const [suffix, id] of Object.entries(registry.suffixes)) {
      const type = registry.types[id];
      if (type) bySuffix.set(suffix, type);
    }
    // Child types (ValidationRule, WorkflowOutboundMessage...) are decomposed into files of their own in source format.
    for (const parent of Object.values(registry.types)) {
      for (const [suffix, id] of Object.entries(parent.children?.suffixes ?? {})) {
        const child = parent.children?.types[id];
        if (child && !bySuffix.has(suffix)) bySuffix.set(suffix, child);
      }
    }
  }
  return { registry, bySuffix };
}

let decomposedPermissionSetSuffixes: Set<string> | undefined;

/**
 * Suffixes of decomposed permission set files (sourceBehaviorOptions decomposePermissionSetBeta/Beta2 in
 * sfdx-project.json), from SDR's preset data: `permissionsets/X/X.userPermission-meta.xml` is part of permission set X.
 */
function permissionSetChildSuffixes(): Set<string> {
  if (!decomposedPermissionSetSuffixes) {
    decomposedPermissionSetSuffixes = new Set();
    for (const preset of ['decomposePermissionSetBeta', 'decomposePermissionSetBeta2']) {
      try {
        const data = require(`@salesforce/source-deploy-retrieve/lib/src/registry/presets/${preset}.json`) as Registry;
        for (const suffix of Object.keys(data.types.permissionset?.children?.suffixes ?? {}))
          decomposedPermissionSetSuffixes.add(suffix);
      } catch {
        // An SDR version without the preset: decomposed permission sets did not exist then.
      }
    }
  }
  return decomposedPermissionSetSuffixes;
}

/** Every file suffix that can hold one of these types (so discovery can skip other files before classifying them). */
export function suffixesOf(typeNames: Set<string>): Set<string> {
  const { bySuffix: suffixes } = load();
  const out = new Set<string>();
  for (const [suffix, type] of suffixes) if (typeNames.has(type.name)) out.add(suffix);
  if (typeNames.has('PermissionSet')) for (const suffix of permissionSetChildSuffixes()) out.add(suffix);
  return out;
}

/** Every suffix of every metadata type. */
export function allSuffixes(): Set<string> {
  return new Set([...load().bySuffix.keys(), ...permissionSetChildSuffixes()]);
}

/** The suffix of a file name as the classifier sees it: `X.flow-meta.xml` -> flow, `X.object` -> object. */
export function suffixOf(base: string): string | undefined {
  const stem = base.endsWith('-meta.xml') ? base.slice(0, -'-meta.xml'.length) : base;
  const dot = stem.lastIndexOf('.');
  return dot > 0 ? stem.slice(dot + 1) : undefined;
}

/** Adapters whose component is a folder of content: a file inside is part of that component, never metadata of its own. */
const CONTENT_FOLDER_ADAPTERS = new Set(['mixedContent', 'bundle', 'uiBundles', 'digitalExperience']);

export type Classified = {
  type: string;
  fullName: string;
  format: 'source' | 'metadata';
  isMetaXml: boolean;
  /**
   * A content file outside its type's folder (apex/X.cls): SDR counts it only when its `X.cls-meta.xml` sits beside
   * it, which the caller checks against the directory listing.
   */
  needsMetaXml?: boolean;
};

/** What a file in a folder is (its name relative to the folder), as folderClassifier() says. */
export type FolderClassifier = (base: string) => Classified | undefined;

/**
 * Classifies the files of a folder (its path relative to the package directory; undefined at the top) as SDR's
 * MetadataResolver does, so that only what a deploy would treat as metadata is read as metadata:
 * - a file inside a bundle or mixed-content folder (staticresources/x/README.md, lwc/c/__tests__/data.xml) is that
 * component's content: SDR resolves the folder as one component and never walks into it;
 * - `Name.suffix-meta.xml` is metadata by its suffix (a type with a strict directory only inside that directory);
 * - any other file is metadata only inside its type's directory (customMetadata/X.md, objects/X.object): a README.md
 * elsewhere is nothing, and a content file (X.cls) outside its directory counts when its -meta.xml is beside it.
 * What depends only on the folder (a content folder above it, its strict type, the permission set it decomposes) is
 * worked out once: a folder of 500 fields asks once, not 500 times.
 */
export function folderClassifier(folder: string | undefined): FolderClassifier {
  const { registry: reg, bySuffix: suffixes } = load();
  const dirs = folder === undefined ? [] : folder.split('/');
  if (insideContentFolder(reg, dirs)) return () => undefined;
  const inDir = new Set(dirs);
  const psDir = dirs.lastIndexOf('permissionsets');
  const permissionSet = psDir >= 0 && dirs.length - psDir >= 2 ? dirs[psDir + 1] : undefined;
  const strict = strictType(reg, dirs[dirs.length - 1] ?? '');
  const grandParent = dirs[dirs.length - 2];
  return (base) => {
    const isMetaXml = base.endsWith('-meta.xml');
    const stem = isMetaXml ? base.slice(0, -'-meta.xml'.length) : base;
    const dot = stem.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const suffix = stem.slice(dot + 1);
    const name = stem.slice(0, dot);
    if (permissionSet !== undefined && permissionSetChildSuffixes().has(suffix))
      return { type: 'PermissionSet', fullName: permissionSet, format: 'source', isMetaXml };
    const type = typeOf(suffixes, strict, inDir, suffix);
    if (!type) return undefined;
    const contentFile = type.strategies?.adapter === 'matchingContentFile';
    let needsMetaXml: boolean | undefined;
    if (!isMetaXml && !inDir.has(type.directoryName ?? '')) {
      if (!contentFile) return undefined;
      needsMetaXml = true;
    }
    const format = isMetaXml || contentFile ? 'source' : 'metadata';
    return {
      type: type.name,
      fullName: childFullName(type, grandParent, decodeName(name)),
      format,
      isMetaXml,
      ...(needsMetaXml ? { needsMetaXml } : {}),
    };
  };
}

/** The file sits below a bundle or mixed-content component folder (staticresources/docs/, lwc/widget/). */
function insideContentFolder(reg: Registry, dirs: string[]): boolean {
  for (let i = 0; i < dirs.length - 1; i++) {
    const folderType = strictType(reg, dirs[i]);
    if (folderType && CONTENT_FOLDER_ADAPTERS.has(folderType.strategies?.adapter ?? '')) return true;
  }
  return false;
}

/** The type a suffix names in a folder: the strict type of the folder first; a strict type only inside its directory. */
function typeOf(
  suffixes: Map<string, RegistryType>,
  strict: RegistryType | undefined,
  inDir: Set<string>,
  suffix: string,
): RegistryType | undefined {
  if (strict?.suffix === suffix) return strict;
  const type = suffixes.get(suffix);
  // emailservices/*.xml is EmailServicesFunction, other .xml is not.
  return type?.strictDirectoryName && !inDir.has(type.directoryName ?? '') ? undefined : type;
}

function strictType(reg: Registry, dir: string): RegistryType | undefined {
  const id = reg.strictDirectoryNames[dir];
  return id ? reg.types[id] : undefined;
}

/** File names encode characters a file system may not take (Custom%3A Sales.profile-meta.xml is "Custom: Sales"). */
function decodeName(name: string): string {
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** objects/Opportunity/validationRules/X.validationRule-meta.xml is Opportunity.X. */
function childFullName(type: RegistryType, grandParent: string | undefined, name: string): string {
  const { registry: reg } = load();
  if (!reg.childTypes[type.id]) return name;
  return grandParent ? `${grandParent}.${name}` : name;
}
