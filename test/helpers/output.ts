/** Run times are the one thing that differs between two runs of the same lint. */
export const withoutTimes = (text: string): string =>
  text.replace(/"durationMs": [\d.]+/g, '"durationMs": 0').replace(/ time="[\d.]+"/g, ' time="0"');

/** ...and, in a JSON error, the stack (the two paths reach the same throw through different frames). */
export const comparable = (text: string): string => withoutTimes(text).replace(/"(stack|cause)": ".*",?\n/g, '');

/** Which path `SF_INTEGRATION_DEBUG=1` says ran the command (`sf-integration: standalone lint ...`), and the rest. */
export function debugPath(stderr: string): { path: string; stderr: string } {
  return {
    path: /^sf-integration: (standalone|oclif) /m.exec(stderr)?.[1] ?? '',
    stderr: stderr.replace(/^sf-integration: .*\n/gm, ''),
  };
}
