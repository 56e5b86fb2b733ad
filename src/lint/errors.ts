/** A problem with the run itself (bad path, git ref, missing source dir, no project): reported as one clear error. */
export class LintUsageError extends Error {
  public constructor(
    message: string,
    public readonly actions: string[] = [],
  ) {
    super(message);
    this.name = 'LintUsageError';
  }
}
