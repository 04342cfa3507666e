import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI_MAIN = path.join(REPO_ROOT, 'dist/apps/cli/src/main.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built `apdc` command as curators run it; a non-zero exit is a result, not an error. */
export function runApdc(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI_MAIN, ...args],
      { cwd: REPO_ROOT, env, timeout: options.timeoutMs ?? 30_000 },
      (error, stdout, stderr) => {
        if (error == null) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else reject(new Error(`apdc ${args.join(' ')} did not exit normally: ${error.message}\n${stderr}`));
      },
    );
  });
}
