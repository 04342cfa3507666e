import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { vocabularies } from '@apdc/metadata';
import {
  type ArchiveCopyPolicy,
  type ArchivePolicy,
  ArchivePolicyError,
  type ArchivePolicySet,
  type ArchivePolicySubject,
} from './archive-policy.js';
import { schemaProblems } from './archive-policy-schema.js';
import { parseByteSize } from './byte-size.js';
import { parseIsoDuration } from './iso-duration.js';

/** Smaller bags would only multiply objects, tag files and audits without any gain. */
export const MIN_BAG_BYTES = 1024 * 1024;

const POLICY_FILE = /^[^.].*\.ya?ml$/;

type Mapping = Readonly<Record<string, unknown>>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapping(value: unknown): Mapping {
  return isMapping(value) ? value : {};
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}

interface ReadPolicy {
  readonly file: string;
  readonly stem: string;
  readonly sha256: string;
  readonly value: Mapping;
}

/** Problems of one file; a semantic check is skipped where the schema already found its value wrong. */
class FileProblems {
  private readonly schemaPaths = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly out: string[],
  ) {}

  schema(problems: readonly { path: string; message: string }[]): void {
    for (const problem of problems) {
      this.schemaPaths.add(problem.path);
      this.add(problem.path, problem.message);
    }
  }

  add(where: string, message: string): void {
    this.out.push(`${this.file}: ${where}: ${message}`);
  }

  /** Adds a semantic problem unless the schema already reported the value at `where`. */
  semantic(where: string, message: string): void {
    if (!this.schemaPaths.has(where)) this.add(where, message);
  }
}

async function policyFiles(directory: string, problems: string[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    problems.push(`${directory}: (directory): cannot be read (${(error as Error).message})`);
    return [];
  }
  const files: string[] = [];
  for (const name of names.filter((n) => POLICY_FILE.test(n)).sort()) {
    // stat, not the directory entry: mounted configuration (Kubernetes ConfigMaps) arrives as symlinks.
    const info = await stat(path.join(directory, name)).catch(() => undefined);
    if (info?.isFile() === true) files.push(name);
  }
  if (files.length === 0) {
    problems.push(`${directory}: (directory): holds no archive policy (*.yaml or *.yml files)`);
  }
  return files;
}

function checkDuration(
  value: unknown,
  where: string,
  problems: FileProblems,
  { positive }: { positive: boolean },
): void {
  if (typeof value !== 'string') return;
  try {
    const seconds = parseIsoDuration(value);
    if (positive && seconds === 0) problems.semantic(where, `must be longer than zero (got "${value}")`);
  } catch (error) {
    problems.semantic(where, (error as Error).message);
  }
}

function checkCopies(copies: readonly unknown[], problems: FileProblems): void {
  const firstIndex = new Map<string, number>();
  copies.forEach((raw, index) => {
    const copy = mapping(raw);
    const where = `copies[${index}]`;
    const id = copy['id'];
    if (typeof id === 'string') {
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, index);
      else problems.semantic(`${where}.id`, `duplicate copy id "${id}" (also copies[${first}])`);
    }
    const audit = mapping(copy['audit']);
    checkDuration(audit['interval'], `${where}.audit.interval`, problems, { positive: true });
    const sampled = audit['sampledRecall'];
    if (sampled === undefined) return;
    if (audit['method'] === 'rehash') {
      problems.semantic(
        `${where}.audit.sampledRecall`,
        'applies only to method stored-checksum (rehash already reads the whole copy at every audit)',
      );
    }
    const fraction = mapping(sampled)['fraction'];
    if (typeof fraction === 'number' && !(fraction > 0 && fraction <= 1)) {
      problems.semantic(
        `${where}.audit.sampledRecall.fraction`,
        `must be greater than 0 and at most 1 (got ${fraction}); leave sampledRecall out for no recalls`,
      );
    }
  });
}

function checkSlugs(
  value: unknown,
  where: string,
  known: readonly string[],
  kind: string,
  problems: FileProblems,
): void {
  list(value).forEach((slug, index) => {
    if (typeof slug === 'string' && !known.includes(slug)) {
      problems.semantic(`${where}[${index}]`, `unknown ${kind} "${slug}" (known: ${known.join(', ')})`);
    }
  });
}

function checkPolicy(policy: ReadPolicy, problems: FileProblems): void {
  const { value, stem } = policy;
  if (typeof value['id'] === 'string' && value['id'] !== stem) {
    problems.semantic(
      'id',
      `must equal the file name without its extension ("${stem}"), got "${value['id']}"`,
    );
  }
  if (value['default'] === true) {
    if (value['appliesTo'] !== undefined) {
      problems.semantic(
        'appliesTo',
        'not allowed on the default policy, which applies to every release no other policy takes',
      );
    }
    if (value['priority'] !== undefined) {
      problems.semantic(
        'priority',
        'not allowed on the default policy, which is chosen only when no other policy applies',
      );
    }
  }
  const appliesTo = mapping(value['appliesTo']);
  const vocabulary = vocabularies();
  checkSlugs(
    appliesTo['facilities'],
    'appliesTo.facilities',
    vocabulary.slugs('facility'),
    'facility',
    problems,
  );
  checkSlugs(
    appliesTo['messengers'],
    'appliesTo.messengers',
    vocabulary.slugs('messenger'),
    'messenger',
    problems,
  );
  checkCopies(list(value['copies']), problems);
  const size = value['maxBagBytes'];
  if (typeof size === 'number' || typeof size === 'string') {
    try {
      const bytes = parseByteSize(size);
      if (bytes < MIN_BAG_BYTES) {
        problems.semantic('maxBagBytes', `must be at least 1 MiB (1048576 bytes), got ${bytes} bytes`);
      }
    } catch (error) {
      problems.semantic('maxBagBytes', (error as Error).message);
    }
  }
  checkDuration(mapping(value['retention'])['minimum'], 'retention.minimum', problems, { positive: false });
}

function toCopyPolicy(raw: unknown): ArchiveCopyPolicy {
  const copy = mapping(raw);
  const audit = mapping(copy['audit']);
  const interval = String(audit['interval']);
  const fraction = mapping(audit['sampledRecall'])['fraction'];
  return {
    id: String(copy['id']),
    storageClass: String(copy['storageClass']),
    audit: {
      interval,
      intervalSeconds: parseIsoDuration(interval),
      method: audit['method'] === 'rehash' ? 'rehash' : 'stored-checksum',
      sampledRecallFraction: typeof fraction === 'number' ? fraction : 0,
    },
  };
}

/** Builds the policy from a file that passed every check. */
function toArchivePolicy(policy: ReadPolicy): ArchivePolicy {
  const { value } = policy;
  const description = typeof value['description'] === 'string' ? value['description'].trim() : '';
  const appliesTo = isMapping(value['appliesTo'])
    ? {
        facilities: strings(value['appliesTo']['facilities']),
        messengers: strings(value['appliesTo']['messengers']),
      }
    : null;
  const retention = mapping(value['retention']);
  const minimum = String(retention['minimum']);
  return {
    id: policy.stem,
    title: String(value['title']).trim(),
    description: description === '' ? null : description,
    isDefault: value['default'] === true,
    appliesTo,
    priority: typeof value['priority'] === 'number' ? value['priority'] : 0,
    copies: list(value['copies']).map(toCopyPolicy),
    embargo: value['embargo'] === 'defer' ? 'defer' : 'archive',
    maxBagBytes: parseByteSize(value['maxBagBytes'] as number | string),
    retention: {
      minimum,
      minimumSeconds: parseIsoDuration(minimum),
      afterWithdrawal:
        retention['afterWithdrawal'] === 'delete-after-minimum' ? 'delete-after-minimum' : 'keep',
    },
    sha256: policy.sha256,
    file: policy.file,
  };
}

function matches(policy: ArchivePolicy, subject: ArchivePolicySubject): boolean {
  if (policy.appliesTo === null) return false;
  const { facilities, messengers } = policy.appliesTo;
  return (
    (facilities.length === 0 || facilities.some((slug) => subject.facilities.includes(slug))) &&
    (messengers.length === 0 || messengers.some((slug) => subject.messengers.includes(slug)))
  );
}

/** A set of policies that passed every check (exactly one default, unique ids). */
export function archivePolicySet(policies: readonly ArchivePolicy[]): ArchivePolicySet {
  const byId = [...policies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const defaults = byId.filter((policy) => policy.isDefault);
  const defaultPolicy = defaults[0];
  if (defaultPolicy === undefined || defaults.length > 1) {
    throw new Error(`archivePolicySet: expected exactly one default policy, got ${defaults.length}`);
  }
  const candidates = byId
    .filter((policy) => !policy.isDefault && policy.appliesTo !== null)
    .sort((a, b) => b.priority - a.priority);
  return {
    policies: byId,
    defaultPolicy,
    forRelease: (subject) => candidates.find((policy) => matches(policy, subject)) ?? defaultPolicy,
    byId: (id) => byId.find((policy) => policy.id === id),
  };
}

/**
 * Reads every `*.yaml`/`*.yml` file of `directory` (other files, such as the BagIt profile and the
 * README, and hidden files are ignored), validates each against `archive-policy.schema.json` and the
 * checks a schema cannot make, and returns the set. Throws {@link ArchivePolicyError} listing every
 * problem of every file, each as `<file>: <key path>: <message>` (YAML syntax errors with line and column).
 */
export async function loadArchivePolicies(directory: string): Promise<ArchivePolicySet> {
  const problems: string[] = [];
  const read: ReadPolicy[] = [];
  let unparsable = 0;
  for (const file of await policyFiles(directory, problems)) {
    const bytes = await readFile(path.join(directory, file));
    const document = parseDocument(bytes.toString('utf8'), { uniqueKeys: true, prettyErrors: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const where = error.linePos?.[0];
        const position = where === undefined ? '(yaml)' : `line ${where.line}, column ${where.col}`;
        // The yaml package appends the position and a code excerpt to the message; the position is in front.
        const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        problems.push(`${file}: ${position}: ${message}`);
      }
      unparsable += 1;
      continue;
    }
    const value: unknown = document.toJS();
    const fileProblems = new FileProblems(file, problems);
    fileProblems.schema(schemaProblems(value));
    if (!isMapping(value)) continue;
    const policy: ReadPolicy = {
      file,
      stem: file.replace(/\.ya?ml$/, ''),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      value,
    };
    checkPolicy(policy, fileProblems);
    read.push(policy);
  }

  const defaults = read.filter((policy) => policy.value['default'] === true);
  if (defaults.length > 1) {
    for (const policy of defaults) {
      const others = defaults.filter((other) => other !== policy).map((other) => other.file);
      problems.push(
        `${policy.file}: default: exactly one policy may be the default, but so is ${others.join(', ')}`,
      );
    }
  } else if (defaults.length === 0 && read.length > 0 && unparsable === 0) {
    // With a file that could not be parsed, the default may well be in it: saying so would mislead.
    problems.push(`${directory}: (directory): no policy has "default: true"; exactly one must`);
  }
  const firstFile = new Map<string, string>();
  for (const policy of read) {
    const first = firstFile.get(policy.stem);
    if (first === undefined) firstFile.set(policy.stem, policy.file);
    else problems.push(`${policy.file}: id: policy id "${policy.stem}" is also used by ${first}`);
  }

  if (problems.length > 0) throw new ArchivePolicyError(directory, problems);
  return archivePolicySet(read.map(toArchivePolicy));
}
