import path from 'node:path';
import type { PlannedFile } from '../generate/plan.js';
import { commit, decide, readManifest, type FileOutcome, type WriteMode } from '../generate/writer.js';
import { normalizeUsername } from '../identity/usernames.js';
import { buildInventory, isExternalSystem } from './build.js';
import { buildDrafts } from './drafts.js';
import { renderMigrationPlan } from './plan.js';
import { loadProject, type InventoryProblem } from './load.js';
import { renderInventoryCsv, renderInventoryMarkdown } from './render.js';
import type { Inventory, InventoryIdentity } from './types.js';

export const DEFAULT_INVENTORY_DIR = path.join('integrations', 'inventory');
/** Inside the output folder: the command writes nowhere else. */
const MANIFEST_FILE = '.generated-files.json';
const TOOL = 'sf integration inventory';

export type InventoryOptions = {
  projectRoot: string;
  /** Absolute; default <project>/integrations/inventory. */
  outputDir?: string;
  sourceDirs?: string[];
  configPath?: string;
  mode: Exclude<WriteMode, 'check'>;
  force: boolean;
  /** Salesforce Integration user licenses the org has; default the lint config's licenseAllotment (5). */
  licenseAllotment?: number;
  today?: string;
};

/** The typed result of `sf integration inventory` (schemas/integration-inventory-result.schema.json). */
export type InventoryResult = {
  mode: InventoryOptions['mode'];
  /** Project-relative, forward slashes. */
  outputDir: string;
  summary: {
    identities: number;
    shared: number;
    systems: number;
    credentials: number;
    filesRead: number;
    /** External systems Salesforce users serve, each needing a user of its own, against the allotment. */
    licenses: { needed: number; allotment: number };
  };
  identities: InventoryIdentity[];
  credentials: Inventory['credentials'];
  /** One draft spec per external system without a spec; `problems`: what generate would still refuse. */
  drafts: Array<{ system: string; path: string; problems: string[] }>;
  files: FileOutcome[];
  /** Files that could not be read: the inventory does not cover them. */
  problems: InventoryProblem[];
};

/** External systems Salesforce users serve (internal automation is none): each needs an integration user. */
function materialSystems(found: Inventory): number {
  return new Set(
    found.identities
      .filter((i) => i.kind === 'salesforce-user')
      .flatMap((i) => i.systems.filter(isExternalSystem).map((s) => s.key)),
  ).size;
}

const rel = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/') || '.';

function summaryLine(found: Inventory, filesRead: number): string {
  const users = found.identities.length;
  const shared = found.identities.filter((i) => i.shared).length;
  return `${users} integration identit${users === 1 ? 'y' : 'ies'} (${shared} shared by several systems), ${found.systemCount} external system${found.systemCount === 1 ? '' : 's'}, ${found.credentials.length} named credential${found.credentials.length === 1 ? '' : 's'}; ${filesRead} metadata file${filesRead === 1 ? '' : 's'} read.`;
}

/**
 * Reads the project as lint does and writes the inventory under the output folder: inventory.md (picture, identities,
 * systems, components) and inventory.csv. Byte-stable; a file edited by hand is kept unless `force`.
 */
export async function inventory(options: InventoryOptions): Promise<InventoryResult> {
  const projectRoot = path.resolve(options.projectRoot);
  const outputDir = options.outputDir ? path.resolve(options.outputDir) : path.join(projectRoot, DEFAULT_INVENTORY_DIR);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const project = await loadProject(projectRoot, {
    sourceDirs: options.sourceDirs,
    configPath: options.configPath,
    today,
  });
  const allowed = new Set(project.config.allow.usernames.map(normalizeUsername));
  const found = buildInventory(project.source, allowed);
  const summary = summaryLine(found, project.files);
  const drafts = await buildDrafts(found, project.source);
  const planned: PlannedFile[] = [
    {
      path: path.join(outputDir, 'inventory.md'),
      content: renderInventoryMarkdown(found, summary),
      type: 'Inventory',
      name: 'inventory.md',
      sources: [],
    },
    {
      path: path.join(outputDir, 'inventory.csv'),
      content: renderInventoryCsv(found),
      type: 'Inventory',
      name: 'inventory.csv',
      sources: [],
    },
    {
      path: path.join(outputDir, 'migration-plan.md'),
      content: renderMigrationPlan(found, drafts, options.licenseAllotment ?? project.config.licenseAllotment),
      type: 'Inventory',
      name: 'migration-plan.md',
      sources: [],
    },
    ...drafts.map((d) => ({
      path: path.join(outputDir, 'drafts', d.file),
      content: d.content,
      type: 'DraftSpec',
      name: d.apiName,
      sources: [],
    })),
  ];
  const manifestPath = path.relative(projectRoot, path.join(outputDir, MANIFEST_FILE));
  const manifest = await readManifest(projectRoot, manifestPath);
  const files = await decide(planned, projectRoot, manifest, options.force, TOOL);
  if (options.mode === 'write') await commit(planned, files, projectRoot, manifest, manifestPath);
  return {
    mode: options.mode,
    outputDir: rel(projectRoot, outputDir),
    summary: {
      identities: found.identities.length,
      shared: found.identities.filter((i) => i.shared).length,
      systems: found.systemCount,
      credentials: found.credentials.length,
      filesRead: project.files,
      licenses: {
        needed: materialSystems(found),
        allotment: options.licenseAllotment ?? project.config.licenseAllotment,
      },
    },
    identities: found.identities,
    credentials: found.credentials,
    drafts: drafts.map((d) => ({
      system: d.system,
      path: rel(projectRoot, path.join(outputDir, 'drafts', d.file)),
      problems: d.problems,
    })),
    files,
    problems: project.problems,
  };
}
