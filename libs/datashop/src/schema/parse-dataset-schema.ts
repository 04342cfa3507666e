import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describeSchemaError, shownValue } from '@apdc/platform';
import { parseDocument } from 'yaml';
import {
  type DatasetSchema,
  DatasetSchemaError,
  NUMERIC_TYPES,
  type Observable,
  type ObservableType,
  type SkyFrame,
} from './dataset-schema.js';
import { DATASET_SCHEMA_JSON_SCHEMA } from './dataset-schema.schema.js';
import { ucdProblem } from './ucd.js';
import { voUnitProblem } from './vo-unit.js';

/**
 * Names refused for observables: PostgreSQL's reserved key words (which cannot be column names unquoted),
 * plus `time`, `timestamp`, `date` and `user`-like words that confuse readers of exported SQL and ADQL.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint ' +
    'create current_catalog current_date current_role current_time current_timestamp current_user date ' +
    'default deferrable desc distinct do else end except false fetch for foreign from grant group having ' +
    'in initially intersect into interval lateral leading limit localtime localtimestamp not null offset ' +
    'on only or order placing primary references returning select session_user some symmetric system_user ' +
    'table then time timestamp to trailing true union unique user using variadic when where window with'
  ).split(' '),
);

type Mapping = Readonly<Record<string, unknown>>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  // verbose: errors carry their sub-schema, whose description makes the message a reader can act on.
  validator ??= new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(
    DATASET_SCHEMA_JSON_SCHEMA,
  );
  return validator;
}

/** Problems of one file; a semantic check is skipped where the schema already found the value wrong. */
class Problems {
  readonly list: string[] = [];
  private readonly schemaPaths = new Set<string>();

  constructor(private readonly file: string) {}

  schema(path: string, message: string): void {
    this.schemaPaths.add(path);
    this.add(path, message);
  }

  add(path: string, message: string): void {
    const line = `${this.file}: ${path}: ${message}`;
    if (!this.list.includes(line)) this.list.push(line);
  }

  semantic(path: string, message: string): void {
    if (!this.schemaPaths.has(path)) this.add(path, message);
  }
}

function checkObservable(raw: Mapping, where: string, problems: Problems): void {
  const { name, type, unit, ucd, validRange, shape, format, cuttable } = raw;
  if (typeof name === 'string' && RESERVED_NAMES.has(name)) {
    problems.semantic(`${where}.name`, `"${name}" is a reserved SQL word; choose another name`);
  }
  if (typeof unit === 'string') {
    const problem = voUnitProblem(unit);
    if (problem !== undefined) problems.semantic(`${where}.unit`, problem);
  }
  if (typeof ucd === 'string') {
    const problem = ucdProblem(ucd);
    if (problem !== undefined) problems.semantic(`${where}.ucd`, problem);
  }
  const numeric = typeof type === 'string' && NUMERIC_TYPES.has(type as ObservableType);
  if (isMapping(validRange)) {
    const { min, max } = validRange;
    if (typeof type === 'string' && !numeric) {
      problems.semantic(`${where}.validRange`, `applies to numeric observables only, not to type ${type}`);
    }
    for (const [key, bound] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (typeof bound === 'number' && !Number.isFinite(bound)) {
        problems.semantic(`${where}.validRange.${key}`, `must be a finite number (got ${bound})`);
      }
    }
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      problems.semantic(`${where}.validRange`, `min (${min}) is greater than max (${max})`);
    }
  }
  if (format === 'mjd') {
    if (typeof type === 'string' && type !== 'float64') {
      problems.semantic(`${where}.format`, `mjd needs type float64 (got ${type})`);
    }
    if (unit !== 'd')
      problems.semantic(`${where}.unit`, `an mjd observable has unit d (got ${shownValue(unit)})`);
  }
  if (cuttable === true) {
    if (Array.isArray(shape)) {
      problems.semantic(`${where}.cuttable`, 'array observables (with a shape) cannot be cuttable');
    }
    if (type === 'timestamp') {
      problems.semantic(
        `${where}.cuttable`,
        'timestamps are selected with the time range of a selection, not with cuts; leave cuttable out',
      );
    }
  }
}

function checkSemantics(value: Mapping, problems: Problems): void {
  const observables = Array.isArray(value['observables']) ? (value['observables'] as unknown[]) : [];
  const byName = new Map<string, Mapping>();
  observables.forEach((raw, index) => {
    if (!isMapping(raw)) return;
    const where = `observables[${index}]`;
    const name = raw['name'];
    if (typeof name === 'string') {
      if (byName.has(name)) {
        const first = observables.indexOf(byName.get(name));
        problems.semantic(`${where}.name`, `duplicate observable "${name}" (also observables[${first}])`);
      } else {
        byName.set(name, raw);
      }
    }
    checkObservable(raw, where, problems);
  });

  const time = value['time'];
  if (typeof time === 'string') {
    const observable = byName.get(time);
    if (observable === undefined) {
      problems.semantic('time', `names no declared observable ("${time}")`);
    } else {
      const isTimestamp = observable['type'] === 'timestamp';
      const isMjd = observable['type'] === 'float64' && observable['format'] === 'mjd';
      if (!(isTimestamp || isMjd) || Array.isArray(observable['shape'])) {
        problems.semantic(
          'time',
          `"${time}" must be a scalar timestamp, or a float64 with format mjd (got ${shownValue(observable['type'])})`,
        );
      }
    }
  }

  const sky = value['sky'];
  if (isMapping(sky)) {
    for (const key of ['ra', 'dec'] as const) {
      const name = sky[key];
      if (typeof name !== 'string') continue;
      const observable = byName.get(name);
      if (observable === undefined) {
        problems.semantic(`sky.${key}`, `names no declared observable ("${name}")`);
        continue;
      }
      const type = observable['type'];
      if ((type !== 'float32' && type !== 'float64') || Array.isArray(observable['shape'])) {
        problems.semantic(
          `sky.${key}`,
          `"${name}" must be a scalar float32 or float64 (got ${shownValue(type)})`,
        );
      }
      if (observable['unit'] !== 'deg') {
        problems.semantic(
          `sky.${key}`,
          `"${name}" must have unit deg (got ${shownValue(observable['unit'])})`,
        );
      }
    }
    if (typeof sky['ra'] === 'string' && sky['ra'] === sky['dec']) {
      problems.semantic('sky', `ra and dec name the same observable ("${sky['ra']}")`);
    }
  }
}

function toObservable(raw: Mapping): Observable {
  const validRange = raw['validRange'] as { min: number; max: number } | undefined;
  const shape = raw['shape'] as number[] | undefined;
  return {
    name: raw['name'] as string,
    type: raw['type'] as ObservableType,
    unit: (raw['unit'] as string | null | undefined) ?? null,
    ucd: (raw['ucd'] as string | null | undefined) ?? null,
    description: raw['description'] as string,
    validRange: validRange === undefined ? null : { min: validRange.min, max: validRange.max },
    shape: shape === undefined ? null : Object.freeze([...shape]),
    format: raw['format'] === 'mjd' ? 'mjd' : null,
    cuttable: raw['cuttable'] === true,
  };
}

/**
 * Parses and validates a dataset schema file (YAML; see the README for the format). Throws
 * {@link DatasetSchemaError} listing every problem as `<file>: <key path>: <message>` (YAML syntax errors
 * with line and column). The result is deeply frozen.
 */
export function parseDatasetSchema(text: string, file = 'schema.yaml'): DatasetSchema {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new DatasetSchemaError(
      file,
      document.errors.map((error) => {
        const where = error.linePos?.[0];
        const position = where === undefined ? '(yaml)' : `line ${where.line}, column ${where.col}`;
        // The yaml package appends the position and a code excerpt to the message; the position is in front.
        const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        return `${file}: ${position}: ${message}`;
      }),
    );
  }
  const value: unknown = document.toJS();
  const problems = new Problems(file);
  const check = validate();
  if (!check(value)) {
    for (const error of check.errors ?? []) {
      const problem = describeSchemaError(error);
      problems.schema(problem.path, problem.message);
    }
  }
  if (isMapping(value)) checkSemantics(value, problems);
  if (problems.list.length > 0 || !isMapping(value)) {
    throw new DatasetSchemaError(file, problems.list);
  }

  const sky = value['sky'] as { ra: string; dec: string; frame: SkyFrame } | null | undefined;
  const schema: DatasetSchema = {
    schema: 1,
    release: (value['release'] as string | null | undefined) ?? null,
    observables: Object.freeze(
      (value['observables'] as Mapping[]).map((raw) => Object.freeze(toObservable(raw))),
    ),
    time: (value['time'] as string | null | undefined) ?? null,
    sky: sky == null ? null : Object.freeze({ ra: sky.ra, dec: sky.dec, frame: sky.frame }),
  };
  return Object.freeze(schema);
}
