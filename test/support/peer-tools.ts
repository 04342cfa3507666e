import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's python3 (the first one on PATH may lack Debian's modules). */
const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * Runs a peer tool nobody here wrote. When it is missing: under CI=true that is a failure; locally the
 * check is skipped with a loud warning.
 */
async function withPeer<T>(
  description: string,
  available: () => Promise<boolean>,
  use: () => Promise<T>,
): Promise<T | 'skipped'> {
  if (await available()) return use();
  const message = `${description} is not installed (.ci/run installs it with apt-get)`;
  if (process.env['CI'] === 'true') throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
  return 'skipped';
}

export interface BibtexEntry {
  readonly ENTRYTYPE: string;
  readonly ID: string;
  readonly [field: string]: string;
}

/** Parses BibTeX with python3-bibtexparser and returns its entries. */
export function parseBibtexWithPeer(bibtex: string): Promise<BibtexEntry[] | 'skipped'> {
  return withPeer(
    'python3-bibtexparser',
    async () => {
      if (!existsSync(DEBIAN_PYTHON)) return false;
      try {
        await run(DEBIAN_PYTHON, ['-c', 'import bibtexparser']);
        return true;
      } catch {
        return false;
      }
    },
    async () => {
      const script =
        'import sys, json, bibtexparser\n' +
        'db = bibtexparser.loads(sys.stdin.read())\n' +
        'print(json.dumps(db.entries))\n';
      const child = execFile(DEBIAN_PYTHON, ['-c', script], { maxBuffer: 10 * 1024 * 1024 });
      child.stdin?.end(bibtex);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      if (code !== 0) throw new Error(`bibtexparser failed (${code}): ${stderr}`);
      return JSON.parse(stdout) as BibtexEntry[];
    },
  );
}
