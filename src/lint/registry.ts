import { createRequire } from 'node:module';
import path from 'node:path';

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
        for (const suffix of Object.keys(data.types.permissionset?.children?.suffixes ?? {})) decomposedPermissionSetSuffixes.add(suffix);
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

/** The suffix of a file name as the classifier sees it: `X.flow-meta.xml` -> flow, `X.object` -> object. */
export function suffixOf(base: string): string | undefined {
  const stem = base.endsWith('-meta.xml') ? base.slice(0, -'-meta.xml'.length) : base;
  const dot = stem.lastIndexOf('.');
  return dot > 0 ? stem.slice(dot + 1) : undefined;
}

export type Classified = { type: string; fullName: string; format: 'source' | 'metadata'; isMetaXml: boolean };

/**
 * Classifies a file by its name and directory as SDR's resolver does: a strict directory (emailservices/*.xml)
 * first, then the suffix, source format `Name.suffix-meta.xml` or metadata format `Name.suffix`.
 */
export function classify(relativePath: string): Classified | undefined {
  const { registry: reg, bySuffix: suffixes } = load();
  const base = path.posix.basename(relativePath);
  const isMetaXml = base.endsWith('-meta.xml');
  const stem = isMetaXml ? base.slice(0, -'-meta.xml'.length) : base;
  const dot = stem.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const suffix = stem.slice(dot + 1);
  const name = stem.slice(0, dot);
  const parts = relativePath.split('/');
  const parentDir = parts[parts.length - 2] ?? '';

  const psDir = parts.lastIndexOf('permissionsets');
  if (psDir >= 0 && parts.length - psDir >= 3 && permissionSetChildSuffixes().has(suffix)) {
    return { type: 'PermissionSet', fullName: parts[psDir + 1], format: 'source', isMetaXml };
  }
  const strictId = reg.strictDirectoryNames[parentDir];
  const strict = strictId ? reg.types[strictId] : undefined;
  let type: RegistryType | undefined;
  if (strict && strict.suffix === suffix) type = strict;
  else {
    type = suffixes.get(suffix);
    // A type with a strict directory only counts inside it: emailservices/*.xml is EmailServicesFunction, other .xml is not.
    if (type?.strictDirectoryName && type.directoryName !== parentDir) type = undefined;
  }
  if (!type) return undefined;
  const format = isMetaXml || type.strategies?.adapter === 'matchingContentFile' ? 'source' : 'metadata';
  return { type: type.name, fullName: childFullName(type, parts, decodeName(name)), format, isMetaXml };
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
function childFullName(type: RegistryType, parts: string[], name: string): string {
  const { registry: reg } = load();
  if (!reg.childTypes[type.id]) return name;
  const grandParent = parts[parts.length - 3];
  return grandParent ? `${grandParent}.${name}` : name;
}
