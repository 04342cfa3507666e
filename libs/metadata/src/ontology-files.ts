import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `ontologies/` folder, found upwards from this file, so that the same code works from
 * the sources (tests) and from `dist/` (the built service).
 */
function findOntologiesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'ontologies', 'context', 'apdc-v1.jsonld');
    if (existsSync(candidate)) return path.join(dir, 'ontologies');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('ontologies/ not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const ONTOLOGIES_DIR = findOntologiesDir();

export function readOntologyFile(relativePath: string): string {
  return readFileSync(path.join(ONTOLOGIES_DIR, relativePath), 'utf8');
}

export function listOntologyFiles(folder: string, extension: string): string[] {
  return readdirSync(path.join(ONTOLOGIES_DIR, folder))
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(folder, name));
}
