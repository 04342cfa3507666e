import { parseDocument } from 'yaml';
import type { Violation } from '@apdc/platform';

/** A release manifest after validation: what `apdc release register` sends, in the service's terms. */
export interface ReleaseManifest {
  readonly group: string;
  /** Set to make a new version of this dataset instead of creating a dataset. */
  readonly dataset: string | undefined;
  readonly metadata: Readonly<Record<string, unknown>> | undefined;
  /** As written in the manifest: relative to the manifest's directory. */
  readonly metadataFile: string | undefined;
  /** An ISO 8601 date-time; `null` clears an embargo copied from the previous version. */
  readonly embargoUntil: string | null | undefined;
  readonly software: { readonly name: string; readonly version: string } | undefined;
  /** Absent means every regular file under the files directory. */
  readonly files: readonly ManifestFile[] | undefined;
}

export interface ManifestFile {
  /** Relative POSIX path under the files directory; also the file's path in the release. */
  readonly path: string;
  readonly restricted: boolean;
}

export type ManifestParseResult =
  | { readonly ok: true; readonly manifest: ReleaseManifest }
  | {
      readonly ok: false;
      readonly violations: readonly Violation[];
      /** The parts that are valid, so that the caller can check them on disk and report everything at once. */
      readonly partial: PartialManifest;
    };

/** The valid parts of an invalid manifest; `files` keeps manifest positions, `undefined` for invalid entries. */
export interface PartialManifest {
  readonly files: readonly (ManifestFile | undefined)[] | undefined;
  readonly metadataFile: string | undefined;
}

const NOTHING_VALID: PartialManifest = { files: undefined, metadataFile: undefined };

const ROOT_KEYS = ['group', 'dataset', 'metadata', 'metadataFile', 'embargoUntil', 'software', 'files'];
const SOFTWARE_KEYS = ['name', 'version'];
const FILE_KEYS = ['path', 'restricted'];
const GROUP_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// A time zone is required: an embargo that ends at a different instant depending on where the command
// runs would be a surprise.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses manifest YAML and validates it, reporting every problem at once, each with its key path. */
export function parseReleaseManifest(yamlText: string): ManifestParseResult {
  const document = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      partial: NOTHING_VALID,
      violations: document.errors.map((error) => {
        const where = error.linePos?.[0];
        return {
          path: where === undefined ? '(yaml)' : `(yaml line ${where.line}, column ${where.col})`,
          message: error.message.split('\n')[0] ?? error.message,
        };
      }),
    };
  }
  return validateReleaseManifest(document.toJS());
}

/** Validates an already parsed manifest (YAML or JSON). */
export function validateReleaseManifest(value: unknown): ManifestParseResult {
  const violations: Violation[] = [];
  const problem = (path: string, message: string): undefined => {
    violations.push({ path, message });
    return undefined;
  };

  if (!isMapping(value)) {
    problem('(root)', 'expected a mapping with at least the key "group"');
    return { ok: false, violations, partial: NOTHING_VALID };
  }
  unknownKeys(value, ROOT_KEYS, '', problem);

  let group: string | undefined;
  if (value['group'] === undefined) problem('group', 'required: the slug of the group that owns the dataset');
  else if (typeof value['group'] !== 'string' || !GROUP_SLUG.test(value['group'])) {
    problem('group', 'expected a group slug (lowercase letters and digits, separated by single hyphens)');
  } else group = value['group'];

  const dataset = optionalString(value, 'dataset', problem);
  if (dataset !== undefined && /[\s/]/.test(dataset)) problem('dataset', 'expected a dataset id');

  let metadata: Record<string, unknown> | undefined;
  if (value['metadata'] !== undefined) {
    if (isMapping(value['metadata'])) metadata = value['metadata'];
    else problem('metadata', 'expected a mapping (the JSON-LD metadata document)');
  }

  let metadataFile = optionalString(value, 'metadataFile', problem);
  if (metadataFile !== undefined && isAbsolutePath(metadataFile)) {
    metadataFile = problem('metadataFile', 'expected a path relative to the manifest');
  }
  if (value['metadata'] !== undefined && value['metadataFile'] !== undefined) {
    problem('metadataFile', 'give either metadata or metadataFile, not both');
  }

  let embargoUntil: string | null | undefined;
  if (value['embargoUntil'] === null) embargoUntil = null;
  else if (value['embargoUntil'] !== undefined) {
    embargoUntil = isoDateTime(value['embargoUntil']);
    if (embargoUntil === undefined) {
      problem(
        'embargoUntil',
        'expected an ISO 8601 date (2030-01-31) or date-time with time zone (2030-01-31T12:00:00Z), or null',
      );
    }
  }

  let software: ReleaseManifest['software'];
  if (value['software'] !== undefined) {
    const raw = value['software'];
    if (!isMapping(raw)) problem('software', 'expected a mapping with name and version');
    else {
      unknownKeys(raw, SOFTWARE_KEYS, 'software.', problem);
      const name = requiredText(raw, 'name', 'software.name', problem);
      const version = requiredText(raw, 'version', 'software.version', problem);
      if (name !== undefined && version !== undefined) software = { name, version };
    }
  }

  const files = validateFiles(value['files'], problem);

  if (violations.length > 0 || group === undefined) {
    return { ok: false, violations, partial: { files, metadataFile } };
  }
  return {
    ok: true,
    manifest: {
      group,
      dataset,
      metadata,
      metadataFile,
      embargoUntil,
      software,
      files: files?.filter((file) => file !== undefined),
    },
  };
}

/**
 * Why `path` cannot name a file under the files directory, or `undefined` when it can. Refusing `..`,
 * `.` and empty segments keeps one spelling per file, so a path always names the same object on the
 * service as on disk.
 */
export function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (isAbsolutePath(path)) return 'must be relative to the files directory, not absolute';
  if (path.includes('\\')) return 'must use / between directories';
  if (/\p{Cc}/u.test(path)) return 'must not contain control characters';
  const segments = path.split('/');
  if (segments.includes('..')) return 'must not contain ".." segments';
  if (segments.includes('.')) return 'must not contain "." segments';
  if (segments.includes('')) return 'must not contain empty segments (// or a trailing /)';
  return undefined;
}

type Problem = (path: string, message: string) => undefined;

function validateFiles(raw: unknown, problem: Problem): (ManifestFile | undefined)[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return problem('files', 'expected a list of {path, restricted?} entries');
  if (raw.length === 0) return problem('files', 'list at least one file, or omit files to take every file');
  const files: (ManifestFile | undefined)[] = [];
  const seen = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    files[index] = undefined;
    const key = `files[${index}]`;
    if (!isMapping(entry)) return problem(key, 'expected a mapping with path and optional restricted');
    unknownKeys(entry, FILE_KEYS, `${key}.`, problem);
    let path = requiredText(entry, 'path', `${key}.path`, problem);
    if (path !== undefined) {
      const pathProblem = relativePathProblem(path);
      const first = seen.get(path);
      if (pathProblem !== undefined) path = problem(`${key}.path`, pathProblem);
      else if (first !== undefined) path = problem(`${key}.path`, `duplicate of files[${first}].path`);
      else seen.set(path, index);
    }
    const restricted = entry['restricted'] ?? false;
    if (typeof restricted !== 'boolean') problem(`${key}.restricted`, 'expected true or false');
    if (path !== undefined && typeof restricted === 'boolean') files[index] = { path, restricted };
    return undefined;
  });
  return files;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(
  value: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  problem: Problem,
) {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      problem(`${prefix}${key}`, `unknown key (expected one of: ${known.join(', ')})`);
  }
}

function optionalString(value: Record<string, unknown>, key: string, problem: Problem): string | undefined {
  const raw = value[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return problem(key, 'expected a non-empty string');
  return raw;
}

function requiredText(
  value: Record<string, unknown>,
  key: string,
  path: string,
  problem: Problem,
): string | undefined {
  const raw = value[key];
  if (raw === undefined) return problem(path, 'required');
  // YAML reads `version: 1.10` as the number 1.1: taking it would silently change the text.
  if (typeof raw === 'number') return problem(path, `expected a string; quote it ("${String(raw)}")`);
  if (typeof raw !== 'string' || raw.trim() === '') return problem(path, 'expected a non-empty string');
  return raw;
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
}

/** The value as an ISO date-time, a date meaning its start in UTC; `undefined` if it is neither. */
function isoDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (DATE.test(value)) {
    const start = `${value}T00:00:00Z`;
    const parsed = new Date(start);
    // Rejects dates that do not exist, which Date would roll over (2030-02-30 → 2030-03-02).
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value) ? start : undefined;
  }
  if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) return undefined;
  const dayPart = value.slice(0, 10);
  const [year, month, day] = dayPart.split('-').map(Number);
  const check = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0));
  return check.toISOString().startsWith(dayPart) ? value : undefined;
}
