import { type Violation, shownValue } from '@apdc/platform';
import {
  type DatasetSchema,
  findObservable,
  INTEGER_TYPES,
  NUMERIC_TYPES,
  type Observable,
  type ObservableType,
} from '../schema/dataset-schema.js';
import { parseIsoInstant } from './iso-time.js';
import type { Cut, Selection, SelectionCone, TimeRange } from './selection.js';

/** More values in one `in` cut belong in an uploaded list, not in a selection. */
export const MAX_IN_VALUES = 1000;

type Mapping = Readonly<Record<string, unknown>>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${shownValue(value)}`;
}

type Family = 'numeric' | 'bool' | 'string' | 'timestamp';

function family(type: ObservableType): Family {
  if (NUMERIC_TYPES.has(type)) return 'numeric';
  if (type === 'bool' || type === 'string' || type === 'timestamp') return type;
  return 'numeric';
}

/** One observable as each selected release declares it. */
type Resolved = readonly (readonly [release: string, observable: Observable])[];

const CUT_KEYS = ['observable', 'min', 'max', 'minExclusive', 'maxExclusive', 'in'];
const RANGE_KEYS = ['min', 'max', 'minExclusive', 'maxExclusive'];

class Validator {
  readonly violations: Violation[] = [];
  /** The selected releases the registry knows, in selection order. */
  private known: (readonly [string, DatasetSchema])[] = [];

  constructor(private readonly schemas: ReadonlyMap<string, DatasetSchema>) {}

  add(path: string, message: string): void {
    this.violations.push({ path, message });
  }

  unknownKeys(value: Mapping, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add(
          `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          `unknown key (allowed here: ${allowed.join(', ')})`,
        );
      }
    }
  }

  /** A finite number, or undefined with a violation. */
  finite(value: unknown, path: string): number | undefined {
    if (typeof value !== 'number') {
      this.add(path, `must be a number (got ${jsonType(value)})`);
      return undefined;
    }
    if (!Number.isFinite(value)) {
      this.add(path, `must be a finite number (got ${value})`);
      return undefined;
    }
    return value;
  }

  /** A finite number for which `inRange` holds, or undefined with a violation. */
  private bounded(
    value: unknown,
    path: string,
    inRange: (value: number) => boolean,
    range: string,
  ): number | undefined {
    const number = this.finite(value, path);
    if (number === undefined) return undefined;
    if (!inRange(number)) {
      this.add(path, `must be ${range} degrees (got ${number})`);
      return undefined;
    }
    return number;
  }

  releases(value: unknown): string[] {
    if (value === undefined) {
      this.add('/releases', 'missing; name the releases to select from, e.g. ["icecat-1"]');
      return [];
    }
    if (!Array.isArray(value)) {
      this.add('/releases', `must be a list of release keys (got ${jsonType(value)})`);
      return [];
    }
    if (value.length === 0) this.add('/releases', 'must name at least one release');
    const releases: string[] = [];
    value.forEach((key: unknown, index) => {
      const path = `/releases/${index}`;
      if (typeof key !== 'string') {
        this.add(path, `must be a release key (got ${jsonType(key)})`);
        return;
      }
      if (releases.includes(key)) {
        this.add(path, `lists release "${key}" twice`);
        return;
      }
      releases.push(key);
      const schema = this.schemas.get(key);
      if (schema === undefined) {
        const names = [...this.schemas.keys()].sort();
        this.add(path, `unknown release "${key}" (known: ${names.length === 0 ? 'none' : names.join(', ')})`);
      } else {
        this.known.push([key, schema]);
      }
    });
    return releases;
  }

  /**
   * The observable `name` in every selected release, or undefined with a violation at `path` when a
   * release lacks it or the releases disagree on its kind of value or unit.
   */
  resolve(name: string, path: string): Resolved | undefined {
    const found: [string, Observable][] = [];
    const missing: string[] = [];
    for (const [release, schema] of this.known) {
      const observable = findObservable(schema, name);
      if (observable === undefined) missing.push(release);
      else found.push([release, observable]);
    }
    if (missing.length > 0) {
      this.add(
        path,
        this.known.length === 1
          ? `release "${missing[0] ?? ''}" has no observable "${name}"`
          : `observable "${name}" is missing from release(s) ${missing.map((r) => `"${r}"`).join(', ')}; a combined selection may only use observables every selected release has`,
      );
      return undefined;
    }
    const [first, ...rest] = found;
    if (first === undefined) return undefined; // no known release: already reported
    const [firstRelease, firstObservable] = first;
    for (const [release, observable] of rest) {
      if (family(observable.type) !== family(firstObservable.type)) {
        this.add(
          path,
          `"${name}" is ${observable.type} in release "${release}" but ${firstObservable.type} in "${firstRelease}"; the releases cannot be combined on it`,
        );
        return undefined;
      }
      if (observable.unit !== firstObservable.unit) {
        this.add(
          path,
          `"${name}" is in ${observable.unit ?? 'no unit'} in release "${release}" but in ${firstObservable.unit ?? 'no unit'} in "${firstRelease}"; the releases cannot be combined on it`,
        );
        return undefined;
      }
    }
    return found;
  }

  cuts(value: unknown): Cut[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.add('/cuts', `must be a list of cuts (got ${jsonType(value)})`);
      return [];
    }
    const cuts: Cut[] = [];
    value.forEach((raw: unknown, index) => {
      const cut = this.cut(raw, `/cuts/${index}`);
      if (cut !== undefined) cuts.push(cut);
    });
    return cuts;
  }

  private cut(raw: unknown, path: string): Cut | undefined {
    if (!isMapping(raw)) {
      this.add(path, `must be a cut { observable, min, max } or { observable, in } (got ${jsonType(raw)})`);
      return undefined;
    }
    this.unknownKeys(raw, CUT_KEYS, path);
    const name = raw['observable'];
    let resolved: Resolved | undefined;
    if (typeof name !== 'string' || name === '') {
      this.add(`${path}/observable`, `must be the name of an observable (got ${jsonType(name)})`);
    } else {
      resolved = this.resolve(name, `${path}/observable`);
      if (resolved !== undefined) resolved = this.cuttable(name, resolved, `${path}/observable`);
    }
    const hasRange = RANGE_KEYS.some((key) => raw[key] !== undefined);
    if ('in' in raw && hasRange) {
      this.add(path, 'give either in, or min and max, not both');
      return undefined;
    }
    if ('in' in raw) return this.inCut(name, raw['in'], resolved, path);
    return this.rangeCut(name, raw, resolved, path);
  }

  /** The resolved observable when every release lets it be cut, else undefined with violations. */
  private cuttable(name: string, resolved: Resolved, path: string): Resolved | undefined {
    let ok = true;
    for (const [release, observable] of resolved) {
      if (observable.shape !== null) {
        this.add(path, `"${name}" is an array observable in release "${release}"; arrays cannot be cut`);
        ok = false;
      } else if (observable.type === 'timestamp') {
        this.add(path, `"${name}" is a timestamp; select event times with the time range`);
        ok = false;
      } else if (!observable.cuttable) {
        this.add(path, `"${name}" is not cuttable in release "${release}"`);
        ok = false;
      }
    }
    return ok ? resolved : undefined;
  }

  private rangeCut(
    name: unknown,
    raw: Mapping,
    resolved: Resolved | undefined,
    path: string,
  ): Cut | undefined {
    const { min: rawMin, max: rawMax, minExclusive, maxExclusive } = raw;
    if (rawMin === undefined && rawMax === undefined) {
      this.add(path, 'needs min, max (or both) or in');
      return undefined;
    }
    const min = rawMin === undefined ? undefined : this.finite(rawMin, `${path}/min`);
    const max = rawMax === undefined ? undefined : this.finite(rawMax, `${path}/max`);
    let ok = (rawMin === undefined || min !== undefined) && (rawMax === undefined || max !== undefined);
    for (const [key, flag, bound] of [
      ['minExclusive', minExclusive, rawMin],
      ['maxExclusive', maxExclusive, rawMax],
    ] as const) {
      if (flag === undefined) continue;
      if (typeof flag !== 'boolean') {
        this.add(`${path}/${key}`, `must be true or false (got ${jsonType(flag)})`);
        ok = false;
      } else if (bound === undefined) {
        this.add(`${path}/${key}`, `applies only together with ${key.slice(0, 3)}`);
        ok = false;
      }
    }
    const lowOpen = minExclusive === true;
    const highOpen = maxExclusive === true;
    if (min !== undefined && max !== undefined && (min > max || (min === max && (lowOpen || highOpen)))) {
      this.add(path, `selects nothing: the range ${interval(min, max, lowOpen, highOpen)} is empty`);
      ok = false;
    }
    if (resolved !== undefined) {
      for (const [release, observable] of resolved) {
        const kind = family(observable.type);
        if (kind !== 'numeric') {
          this.add(
            path,
            `min and max need a numeric observable; "${observable.name}" is ${observable.type} (use in)`,
          );
          ok = false;
          break;
        }
        const valid = observable.validRange;
        if (
          valid !== null &&
          ((max !== undefined && (max < valid.min || (max === valid.min && highOpen))) ||
            (min !== undefined && (min > valid.max || (min === valid.max && lowOpen))))
        ) {
          this.add(
            path,
            `selects nothing in release "${release}": "${observable.name}" lies within [${valid.min}, ${valid.max}]`,
          );
          ok = false;
        }
      }
    }
    if (!ok || typeof name !== 'string') return undefined;
    return {
      observable: name,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      ...(typeof minExclusive === 'boolean' ? { minExclusive } : {}),
      ...(typeof maxExclusive === 'boolean' ? { maxExclusive } : {}),
    };
  }

  private inCut(
    name: unknown,
    values: unknown,
    resolved: Resolved | undefined,
    path: string,
  ): Cut | undefined {
    const where = `${path}/in`;
    if (!Array.isArray(values)) {
      this.add(where, `must be a list of values (got ${jsonType(values)})`);
      return undefined;
    }
    if (values.length === 0) {
      this.add(where, 'must list at least one value (an empty list selects nothing)');
      return undefined;
    }
    if (values.length > MAX_IN_VALUES) {
      this.add(where, `lists ${values.length} values; at most ${MAX_IN_VALUES} are allowed`);
      return undefined;
    }
    const types = resolved?.map(([, observable]) => observable.type) ?? [];
    const kind = types[0] === undefined ? undefined : family(types[0]);
    const integer = types.some((type) => INTEGER_TYPES.has(type));
    let ok = true;
    const kept: (number | string | boolean)[] = [];
    values.forEach((value: unknown, index) => {
      const at = `${where}/${index}`;
      const problem = inValueProblem(value, kind, integer, typeof name === 'string' ? name : '');
      if (problem !== undefined) {
        this.add(at, problem);
        ok = false;
      } else {
        kept.push(value as number | string | boolean);
      }
    });
    if (!ok || typeof name !== 'string') return undefined;
    return { observable: name, in: kept };
  }

  time(value: unknown): TimeRange | undefined {
    if (value === undefined) return undefined;
    if (!isMapping(value)) {
      this.add('/time', `must be a time range { from, to } (got ${jsonType(value)})`);
      return undefined;
    }
    this.unknownKeys(value, ['from', 'to'], '/time');
    const instants: Partial<Record<'from' | 'to', number>> = {};
    const range: { from?: string; to?: string } = {};
    let ok = true;
    for (const key of ['from', 'to'] as const) {
      const text = value[key];
      if (text === undefined) continue;
      const millis = typeof text === 'string' ? parseIsoInstant(text) : undefined;
      if (typeof text !== 'string' || millis === undefined) {
        this.add(
          `/time/${key}`,
          `must be an ISO 8601 date or date-time with Z or an offset, e.g. 2017-09-22 or 2017-09-22T20:54:30Z (got ${jsonType(text)})`,
        );
        ok = false;
      } else {
        instants[key] = millis;
        range[key] = text;
      }
    }
    if (value['from'] === undefined && value['to'] === undefined) {
      this.add('/time', 'give from, to or both (or leave time out)');
      ok = false;
    }
    if (instants.from !== undefined && instants.to !== undefined && instants.from >= instants.to) {
      this.add('/time', `from (${range.from ?? ''}) must be earlier than to (${range.to ?? ''})`);
      ok = false;
    }
    for (const [release, schema] of this.known) {
      if (schema.time === null) {
        this.add('/time', `release "${release}" declares no event time; it cannot be selected by time`);
        ok = false;
      }
    }
    return ok ? range : undefined;
  }

  cone(value: unknown): SelectionCone | undefined {
    if (value === undefined) return undefined;
    if (!isMapping(value)) {
      this.add('/cone', `must be a cone { ra, dec, radius } in degrees (got ${jsonType(value)})`);
      return undefined;
    }
    this.unknownKeys(value, ['ra', 'dec', 'radius'], '/cone');
    const ra = this.bounded(
      value['ra'],
      '/cone/ra',
      (v) => v >= 0 && v < 360,
      'at least 0 and less than 360',
    );
    const dec = this.bounded(value['dec'], '/cone/dec', (v) => v >= -90 && v <= 90, 'between -90 and 90');
    const radius = this.bounded(
      value['radius'],
      '/cone/radius',
      (v) => v > 0 && v <= 180,
      'greater than 0 and at most 180',
    );
    let ok = ra !== undefined && dec !== undefined && radius !== undefined;
    for (const [release, schema] of this.known) {
      if (schema.sky === null) {
        this.add('/cone', `release "${release}" declares no sky position; it cannot be selected by a cone`);
        ok = false;
      } else if (schema.sky.frame !== 'icrs') {
        this.add('/cone', `release "${release}" gives ${schema.sky.frame} positions; cones are in ICRS`);
        ok = false;
      }
    }
    return ok && ra !== undefined && dec !== undefined && radius !== undefined
      ? { ra, dec, radius }
      : undefined;
  }

  columns(value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.add('/columns', `must be a list of observable names (got ${jsonType(value)})`);
      return undefined;
    }
    if (value.length === 0)
      this.add('/columns', 'must name at least one observable (leave columns out for all)');
    const columns: string[] = [];
    value.forEach((name: unknown, index) => {
      const path = `/columns/${index}`;
      if (typeof name !== 'string' || name === '') {
        this.add(path, `must be the name of an observable (got ${jsonType(name)})`);
      } else if (columns.includes(name)) {
        this.add(path, `lists "${name}" twice`);
      } else {
        columns.push(name);
        this.resolve(name, path);
      }
    });
    return columns;
  }
}

function inValueProblem(
  value: unknown,
  kind: Family | undefined,
  integer: boolean,
  name: string,
): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return `must be a finite number (got ${value})`;
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
    return `must be a number, string or boolean (got ${jsonType(value)})`;
  }
  switch (kind) {
    case undefined:
      return undefined;
    case 'numeric':
      if (typeof value !== 'number')
        return `must be a number, as "${name}" is numeric (got ${jsonType(value)})`;
      if (integer && !Number.isInteger(value)) return `must be an integer, as "${name}" is (got ${value})`;
      return undefined;
    case 'string':
      return typeof value === 'string'
        ? undefined
        : `must be a string, as "${name}" is (got ${jsonType(value)})`;
    case 'bool':
      return typeof value === 'boolean'
        ? undefined
        : `must be true or false, as "${name}" is (got ${jsonType(value)})`;
    case 'timestamp':
      return `"${name}" is a timestamp; select event times with the time range`;
  }
}

/** `[1, 2)`-style text of a range. */
export function interval(
  min: number | undefined,
  max: number | undefined,
  minExclusive = false,
  maxExclusive = false,
): string {
  const low = min === undefined ? '(-inf' : `${minExclusive ? '(' : '['}${min}`;
  const high = max === undefined ? '+inf)' : `${max}${maxExclusive ? ')' : ']'}`;
  return `${low}, ${high}`;
}

/**
 * Checks a selection (parsed JSON, or an object built in code) against the dataset schemas of the
 * releases, keyed by release key. Never throws: every problem comes back as a violation with a JSON
 * pointer (`/cuts/2/max`). `selection` holds the parts that passed and is meaningful only when
 * `violations` is empty.
 */
export function validateSelection(
  input: unknown,
  schemas: ReadonlyMap<string, DatasetSchema>,
): { selection: Selection; violations: Violation[] } {
  const sut = new Validator(schemas);
  if (!isMapping(input)) {
    sut.add(
      '',
      `a selection must be an object { releases, cuts, time, cone, columns } (got ${jsonType(input)})`,
    );
    return { selection: { releases: [], cuts: [] }, violations: sut.violations };
  }
  sut.unknownKeys(input, ['releases', 'cuts', 'time', 'cone', 'columns'], '');
  const releases = sut.releases(input['releases']);
  const cuts = sut.cuts(input['cuts']);
  const time = sut.time(input['time']);
  const cone = sut.cone(input['cone']);
  const columns = sut.columns(input['columns']);
  const selection: Selection = {
    releases,
    cuts,
    ...(time === undefined ? {} : { time }),
    ...(cone === undefined ? {} : { cone }),
    ...(columns === undefined ? {} : { columns }),
  };
  return { selection, violations: sut.violations };
}
