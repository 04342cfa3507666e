import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAINS = {
  api: path.join(REPO_ROOT, 'dist/apps/api/src/main.js'),
  worker: path.join(REPO_ROOT, 'dist/apps/worker/src/main.js'),
} as const;

/**
 * The built API (`npm run build`), or the built worker, as a separate process, to be killed and restarted
 * like in production.
 */
export class ApiProcess {
  private child: ChildProcess | undefined;
  private output = '';

  /** `env` is added to this process's environment; keys mapped to `undefined` are removed from it. */
  constructor(
    private readonly env: Record<string, string | undefined>,
    readonly port: number,
    private readonly app: keyof typeof MAINS = 'api',
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const env = Object.fromEntries(
      Object.entries({
        ...process.env,
        ...this.env,
        APDC_PORT: String(this.port),
        APDC_HOST: '127.0.0.1',
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const child = spawn(process.execPath, [MAINS[this.app]], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`the ${this.app} exited with ${child.exitCode}:\n${this.output}`);
      if (this.app === 'worker') {
        if (this.output.includes('worker consuming')) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      try {
        const response = await fetch(`${this.baseUrl}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the ${this.app} did not become ready:\n${this.output}`);
  }

  /** Sends `signal` and resolves with the exit code (null when the signal ended the process). */
  async kill(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null)
      return child?.exitCode ?? null;
    const exited = once(child, 'exit') as Promise<[number | null]>;
    child.kill(signal);
    const [code] = await exited;
    return code;
  }

  get log(): string {
    return this.output;
  }
}
