import path from 'node:path';
import { ACCESS_TIE_TYPES, accessTies } from '../identity/access.js';
import { EXTERNAL_CLIENT_APP_TYPES } from '../identity/apps.js';
import { IDENTITY_TYPES } from '../identity/graph.js';
import { loadConfig } from '../lint/config.js';
import { contextOf, loadAll, mergeLoaded } from '../lint/loading.js';
import { renderMessage } from '../lint/findings.js';
import { parseError } from '../lint/rules/parseError.js';
import { filesToLoad } from '../lint/scope.js';
import type { LintConfig, ProjectFile } from '../lint/types.js';
import { childText, childTexts } from '../lint/xml.js';
import { escapeRegExp } from '../shared/text.js';
import { INVENTORY_EXTRA_TYPES, type InventorySource } from './build.js';

/** A file the inventory could not read: the inventory is incomplete without it, so it is reported, never skipped. */
export type InventoryProblem = { path: string; line?: number; column?: number; message: string };

export type LoadedProject = {
  source: InventorySource;
  config: LintConfig;
  files: number;
  problems: InventoryProblem[];
};

const PERMISSION_TYPES = ['PermissionSet', 'Profile'] as const;
const PERMISSION_SET_KEY = 'permissionSet:';

/**
 * Reads a project exactly as lint does (discovery, formats, config, .forceignore, the same loaders), in two passes:
 * the identity types first, then only the profiles and permission sets the identities are tied to. A project of
 * 1.5 GB of permission sets is thus read for the few that matter.
 */
export async function loadProject(
  projectRoot: string,
  options: { sourceDirs?: string[]; configPath?: string; today: string },
): Promise<LoadedProject> {
  const config = await loadConfig(projectRoot, options.configPath);
  const reads = [
    ...new Set([...IDENTITY_TYPES, ...ACCESS_TIE_TYPES, ...EXTERNAL_CLIENT_APP_TYPES, ...INVENTORY_EXTRA_TYPES]),
  ];
  const readers = [{ reads: [...reads, ...PERMISSION_TYPES] }];
  const { toLoad, problems: projectProblems } = await filesToLoad(
    projectRoot,
    { projectRoot, sourceDirs: options.sourceDirs },
    config,
    readers,
    undefined,
  );
  const first = toLoad.filter((f) => !(PERMISSION_TYPES as readonly string[]).includes(f.type));
  const loaded = loadAll(first, config, new Map());
  const firstContext = contextOf(loaded, projectRoot, config, options.today);

  // The permission files of the components the identities are tied to, by developer name (a decomposed permission
  // set is a folder of files with one fullName); connected apps name permission sets by label, so what no developer
  // name matches is looked for by label among the other files (read one by one, kept only when the label matches).
  const tied = new Set(accessTies(firstContext).map((t) => `${t.kind}:${t.name.trim().toLowerCase()}`));
  for (const group of firstContext.xml('PermissionSetGroup'))
    if (tied.has(`permissionSet:${group.file.fullName.toLowerCase()}`))
      for (const member of childTexts(group.data, 'permissionSets'))
        tied.add(`permissionSet:${member.trim().toLowerCase()}`);
  const keyOf = (f: ProjectFile): string =>
    `${f.type === 'Profile' ? 'profile' : 'permissionSet'}:${f.fullName.toLowerCase()}`;
  const permissionFiles = toLoad.filter((f) => (PERMISSION_TYPES as readonly string[]).includes(f.type));
  const byName = permissionFiles.filter((f) => tied.has(keyOf(f)));
  const named = new Set(byName.map(keyOf));
  const labels = [...tied]
    .filter((k) => k.startsWith(PERMISSION_SET_KEY) && !named.has(k))
    .map((k) => k.slice(PERMISSION_SET_KEY.length));
  const rest = labels.length ? permissionFiles.filter((f) => f.type === 'PermissionSet' && !byName.includes(f)) : [];
  const labelFilter = new RegExp(`<label>\\s*(${labels.map(escapeRegExp).join('|')})\\s*</label>`, 'i');
  const all = mergeLoaded(
    loaded,
    mergeLoaded(loadAll(byName, config, new Map()), loadAll(rest, config, new Map([['PermissionSet', [labelFilter]]]))),
  );
  const context = contextOf(all, projectRoot, config, options.today);
  const accessFiles: InventorySource['accessFiles'] = (kind, name) => {
    const type = kind === 'profile' ? 'Profile' : 'PermissionSet';
    const key = name.trim().toLowerCase();
    let files = context.xml(type).filter((x) => x.file.fullName.toLowerCase() === key);
    if (!files.length)
      files = context.xml(type).filter((x) => childText(x.data, 'label')?.trim().toLowerCase() === key);
    if (!files.length) return undefined;
    // A decomposed permission set: its folder; else its file.
    const own = files[0].file.path;
    return { path: files.length > 1 ? path.posix.dirname(own) : own, files };
  };

  const problems: InventoryProblem[] = [
    ...[...projectProblems, ...all.problems].map((p) => ({
      path: p.file.path,
      ...(p.line ? { line: p.line } : {}),
      ...(p.column ? { column: p.column } : {}),
      message: renderMessage(parseError, p.messageId, p.data),
    })),
  ];
  return { source: { ...context, accessFiles }, config, files: toLoad.length, problems };
}
