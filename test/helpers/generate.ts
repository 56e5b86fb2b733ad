import path from 'node:path';
import { generate, type GenerateOptions, type GenerateResult } from '../../src/generate/generate.js';

/** Runs the generator on a project directory with the defaults the command would use. */
export function run(dir: string, extra: Partial<GenerateOptions> = {}): Promise<GenerateResult> {
  return generate({
    projectRoot: dir,
    cwd: dir,
    metadataDir: path.join(dir, 'force-app', 'main', 'default'),
    apiVersion: '66.0',
    mode: 'write',
    force: false,
    ...extra,
  });
}
