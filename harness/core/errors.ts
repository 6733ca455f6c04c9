/**
 * The one error type of the harness. User mistakes (bad suite, bad config, dead provider) carry a
 * code from a closed set; `cli.ts` maps codes to exit codes. Anything else that escapes is a bug.
 */

/** Where a problem is, in a file a person wrote. Lines and columns are 1-based. */
export type SourceLocation = { file: string; line: number; column?: number };

/** One problem found while loading something a person wrote. */
export type Issue = {
  at: SourceLocation;
  /** Dotted path of the field, e.g. `tests.3.assert.0.type`; empty for the whole file. */
  path: string;
  message: string;
  hint?: string;
};

/** Result of loading user input: every problem is collected, never only the first. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export type ErrorCode =
  | 'invalid-input' // a suite, dataset or config is malformed: exit 2
  | 'policy-refused' // nothing left to run after policy checks: exit 2
  | 'run-failed' // the run could not complete: exit 3
  | 'interrupted' // Ctrl-C: exit 130
  // provider-level codes, recorded on error results
  | 'unreachable'
  | 'timeout'
  | 'rate-limited'
  | 'auth'
  | 'model-not-found'
  | 'bad-response'
  | 'provider-error'
  | 'missing-secret'
  | 'cancelled';

export class HarnessError extends Error {
  readonly code: ErrorCode;
  readonly at?: SourceLocation;
  readonly hint?: string;
  readonly issues?: Issue[];
  /** Seconds to wait before retrying, when the provider said so (HTTP Retry-After). */
  readonly retryAfterS?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { at?: SourceLocation; hint?: string; cause?: unknown; issues?: Issue[]; retryAfterS?: number } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HarnessError';
    this.code = code;
    if (opts.at) this.at = opts.at;
    if (opts.hint) this.hint = opts.hint;
    if (opts.issues) this.issues = opts.issues;
    if (opts.retryAfterS !== undefined) this.retryAfterS = opts.retryAfterS;
  }
}

export const isHarnessError = (e: unknown): e is HarnessError => e instanceof HarnessError;

/** Builds the error thrown when loading found problems. */
export const invalidInput = (issues: Issue[]): HarnessError =>
  new HarnessError('invalid-input', `${issues.length} problème(s) dans les fichiers d'entrée`, { issues });

/** `file:line:col  path: message (hint)`, the one format every problem is printed in. */
export const formatIssue = (issue: Issue): string => {
  const { file, line, column } = issue.at;
  const where = column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
  const field = issue.path ? `${issue.path}: ` : '';
  const hint = issue.hint ? ` (${issue.hint})` : '';
  return `${where}  ${field}${issue.message}${hint}`;
};

/** Turns an unknown thrown value into a short message, for error results. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
