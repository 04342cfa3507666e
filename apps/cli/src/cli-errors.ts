import { CommanderError } from 'commander';
import { ConfigError, type Violation } from '@apdc/platform';
import { ApiConnectionError, ApiProblemError, type Problem } from './api-client.js';

/** The command was called wrongly (bad option, missing token): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command ran and failed (invalid manifest, service error): exit code 1. */
export class CliError extends Error {
  readonly violations: readonly Violation[];
  /** Lines telling the curator what to do next, e.g. how to resume. */
  readonly hints: readonly string[];

  constructor(
    message: string,
    details: { violations?: readonly Violation[]; hints?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'CliError';
    this.violations = details.violations ?? [];
    this.hints = details.hints ?? [];
  }
}

export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Writes what went wrong to `stderr` and returns the exit code. */
export function reportError(error: unknown, stderr: TextSink): number {
  const print = (lines: readonly string[]) => stderr.write(lines.map((line) => `${line}\n`).join(''));
  // Commander has already printed its message (or the help that was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UsageError) {
    print([`error: ${error.message}`, 'Run "apdc --help" for usage.']);
    return 2;
  }
  if (error instanceof ConfigError) {
    print(['error: invalid configuration', ...error.problems.map((problem) => `  - ${problem}`)]);
    return 2;
  }
  if (error instanceof CliError) {
    const lines = [`error: ${error.message}`, ...violationLines(error.violations)];
    if (error.cause instanceof ApiProblemError) {
      lines.push(...problemLines(error.cause.problem).map((line) => `  ${line}`));
    } else if (error.cause instanceof Error) {
      lines.push(`  ${error.cause.message}`);
    }
    print([...lines, ...error.hints]);
    return 1;
  }
  if (error instanceof ApiProblemError) {
    print(problemLines(error.problem).map((line, i) => (i === 0 ? `error: ${line}` : line)));
    return 1;
  }
  if (error instanceof ApiConnectionError) {
    print([`error: ${error.message}`]);
    return 1;
  }
  print([`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`]);
  return 1;
}

/** Title, detail and every violation of a problem document. */
function problemLines(problem: Problem): string[] {
  return [
    `${problem.title} (HTTP ${problem.status})`,
    ...(problem.detail === undefined ? [] : [`  ${problem.detail}`]),
    ...violationLines(problem.violations),
  ];
}

function violationLines(violations: readonly Violation[]): string[] {
  return violations.map((violation) => `  - ${violation.path}: ${violation.message}`);
}
