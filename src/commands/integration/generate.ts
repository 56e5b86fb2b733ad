import path from 'node:path';
import { Messages, SfError, SfProject } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { generate, SpecError, type GenerateResult } from '../../generate/generate.js';
import { formatProblems } from '../../spec/load.js';
import { installedSchema } from '../../shared/plugin.js';
import { formatGenerateResult } from '../../formatters/generateFormatter.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-integration-governance', 'integration.generate');

export type IntegrationGenerateResult = GenerateResult;

export default class IntegrationGenerate extends SfCommand<IntegrationGenerateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    spec: Flags.string({
      summary: messages.getMessage('flags.spec.summary'),
      char: 's',
      multiple: true,
    }),
    'output-dir': Flags.directory({
      summary: messages.getMessage('flags.output-dir.summary'),
      char: 'd',
    }),
    'api-version': Flags.orgApiVersion({
      summary: messages.getMessage('flags.api-version.summary'),
    }),
    'dry-run': Flags.boolean({
      summary: messages.getMessage('flags.dry-run.summary'),
      exclusive: ['check'],
    }),
    check: Flags.boolean({
      summary: messages.getMessage('flags.check.summary'),
      exclusive: ['dry-run', 'force'],
    }),
    force: Flags.boolean({
      summary: messages.getMessage('flags.force.summary'),
      char: 'f',
    }),
    'license-allotment': Flags.integer({
      summary: messages.getMessage('flags.license-allotment.summary'),
      description: messages.getMessage('flags.license-allotment.description'),
      min: 0,
      default: 5,
    }),
  };

  public async run(): Promise<IntegrationGenerateResult> {
    const { flags } = await this.parse(IntegrationGenerate);
    const cwd = process.cwd();
    const outputDir = flags['output-dir'] ? path.resolve(cwd, flags['output-dir']) : undefined;
    const project = await resolveProject(cwd, outputDir);
    const mode = flags.check ? 'check' : flags['dry-run'] ? 'dry-run' : 'write';
    let result: GenerateResult;
    try {
      result = await generate({
        projectRoot: project.root,
        cwd,
        specs: flags.spec,
        metadataDir: outputDir ?? project.metadataDir,
        apiVersion: flags['api-version'] ?? project.sourceApiVersion ?? '66.0',
        mode,
        force: flags.force,
        licenseAllotment: flags['license-allotment'],
      });
    } catch (e) {
      if (e instanceof SpecError) {
        throw messages.createError(
          'error.InvalidSpecs',
          [e.problems.length, formatProblems(e.problems)],
          [installedSchema('integration-spec'), installedSchema('integration-spec')],
          e,
        );
      }
      if (e instanceof SfError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (!err.code) throw e;
      throw messages.createError('error.WriteFailed', [err.path ? `${err.code} ${err.path}` : err.message], [], err);
    }

    for (const line of formatGenerateResult(result)) this.log(line);
    for (const warning of result.warnings) this.warn(warning);
    if (mode === 'check' && result.drift.length) {
      const error = messages.createError('error.Drift', [
        result.drift.length,
        result.drift.map((d) => `  ${d}`).join('\n'),
      ]);
      error.setData(result);
      error.exitCode = 1;
      throw error;
    }
    return result;
  }
}

/**
 * The project root, the default package directory's main/default and sourceApiVersion. packageDirectories are
 * read raw: SfProject's accessors reject a package directory that does not exist yet, and a new project's first
 * generate is what creates it. Outside a project, --output-dir is required and the working directory is the root.
 */
async function resolveProject(
  cwd: string,
  outputDir?: string,
): Promise<{ root: string; metadataDir: string; sourceApiVersion?: string }> {
  try {
    const project = await SfProject.resolve(cwd);
    const root = project.getPath();
    const contents = project.getSfProjectJson().getContents();
    const dirs = contents.packageDirectories ?? [];
    const pkg = dirs.find((d) => 'default' in d && d.default === true) ?? dirs[0];
    const pkgPath = pkg && 'path' in pkg ? pkg.path : 'force-app';
    return {
      root,
      metadataDir: path.join(root, pkgPath, 'main', 'default'),
      sourceApiVersion: contents.sourceApiVersion,
    };
  } catch (e) {
    if (!outputDir) throw messages.createError('error.NoProject', [], [], e as Error);
    return { root: cwd, metadataDir: outputDir };
  }
}
