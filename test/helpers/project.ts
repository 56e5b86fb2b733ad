import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './schema.js';

/** A temporary copy of the example DX project (sfdx-project.json, integrations/, no generated output). */
export function copyExampleProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-'));
  cpSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
  cpSync(path.join(REPO_ROOT, 'integrations'), path.join(dir, 'integrations'), {
    recursive: true,
    filter: (src) => !/register\.(md|csv)$|[/\\]setup([/\\]|$)|\.generated-files\.json$/.test(src),
  });
  return dir;
}

/** A temporary DX project with the given spec files (name -> content) and the example certificates. */
export function makeProject(specs: Record<string, string>, extraFiles: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sfint-'));
  cpSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
  cpSync(path.join(REPO_ROOT, 'integrations', 'certs'), path.join(dir, 'integrations', 'certs'), { recursive: true });
  const all = { ...Object.fromEntries(Object.entries(specs).map(([k, v]) => [`integrations/${k}`, v])), ...extraFiles };
  for (const [name, content] of Object.entries(all)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Every file under a directory, relative, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Map of relative path to content, for byte comparisons. */
export function snapshot(root: string): Map<string, string> {
  return new Map(listFiles(root).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
}

export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
