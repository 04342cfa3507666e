import type { CliConfig } from '@apdc/platform';
import { ApiClient } from './api-client.js';
import { type TextSink, UsageError } from './cli-errors.js';

/** The program's global options (`--url`, `--token`, `--json`). */
export interface GlobalOptions {
  readonly url?: string;
  readonly token?: string;
  readonly json?: boolean;
}

export interface CliIo {
  /** Results: human-readable, or JSON with `--json`. */
  readonly stdout: TextSink;
  /** Progress and errors. */
  readonly stderr: TextSink;
}

/** What every command receives. */
export interface CliContext {
  readonly client: ApiClient;
  readonly json: boolean;
  readonly io: CliIo;
}

/** Combines configuration and global options; options win. */
export function createCliContext(
  config: CliConfig,
  options: GlobalOptions,
  io: CliIo,
  { tokenRequired }: { tokenRequired: boolean },
): CliContext {
  const baseUrl = options.url === undefined ? config.serviceUrl : serviceUrl(options.url);
  const token = options.token ?? config.token;
  if (tokenRequired && (token === undefined || token === '')) {
    throw new UsageError('no API token: set APDC_TOKEN or pass --token <token>');
  }
  return { client: new ApiClient({ baseUrl, token }), json: options.json === true, io };
}

function serviceUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new UsageError(`--url ${raw}: not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url ${raw}: expected an http or https URL`);
  }
  return raw.replace(/\/+$/, '');
}

/** Writes a result as JSON (with `--json`) or as lines of text. */
export function printResult(context: CliContext, json: unknown, lines: () => readonly string[]): void {
  const text = context.json ? JSON.stringify(json, null, 2) : lines().join('\n');
  context.io.stdout.write(`${text}\n`);
}
