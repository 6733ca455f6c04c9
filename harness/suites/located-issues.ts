/** zod issues of a parsed file → Issues located at file:line:col, with French messages. */
import type { Issue, SourceLocation } from '../core/errors.js';
import { frenchIssueMessage, valueAt, type ZodIssue } from '../core/zod-messages.js';
import { formatPath, type PathSegment } from './locate.js';

export type Locate = (path: readonly PathSegment[], key?: string) => SourceLocation;

/**
 * @param input the value that was validated (to tell a missing field from a wrong one)
 * @param prefix path of `input` inside the file (e.g. `models.2`), for locating and naming
 */
export const locatedIssues = (issues: readonly ZodIssue[], input: unknown, locate: Locate, prefix: readonly PathSegment[] = []): Issue[] =>
  issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        at: locate([...prefix, ...path], key),
        path: formatPath([...prefix, ...path, key]),
        message: `champ inconnu « ${key} »`,
      }));
    }
    return [{ at: locate([...prefix, ...path]), path: formatPath([...prefix, ...path]), message: frenchIssueMessage(issue, valueAt(input, path)) }];
  });
