/** Storage type of one observable; the names are those of the column types the data shop will create. */
export type ObservableType =
  'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'bool' | 'string' | 'timestamp';

export const OBSERVABLE_TYPES: readonly ObservableType[] = [
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
  'bool',
  'string',
  'timestamp',
];

export const NUMERIC_TYPES: ReadonlySet<ObservableType> = new Set([
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
]);

export const INTEGER_TYPES: ReadonlySet<ObservableType> = new Set(['int16', 'int32', 'int64']);

/** The physically meaningful values of a numeric observable, both ends included. */
export interface ValidRange {
  readonly min: number;
  readonly max: number;
}

/** One event-level quantity of a release, as its dataset schema file declares it. */
export interface Observable {
  /** snake_case, at most 63 characters (a PostgreSQL identifier), unique in the schema. */
  readonly name: string;
  readonly type: ObservableType;
  /** An IVOA VOUnit string of the subset in `vo-unit.ts`, or null for a dimensionless quantity. */
  readonly unit: string | null;
  /** IVOA UCD words separated by `;`, e.g. `pos.eq.ra;meta.main`; checked for syntax only. */
  readonly ucd: string | null;
  readonly description: string;
  /** Numeric observables only. */
  readonly validRange: ValidRange | null;
  /** Set for array observables (one positive length per dimension); arrays are never cuttable. */
  readonly shape: readonly number[] | null;
  /** `mjd`: a float64 holding a Modified Julian Date (unit d). */
  readonly format: 'mjd' | null;
  /** Whether a selection may cut on it. */
  readonly cuttable: boolean;
}

export type SkyFrame = 'icrs' | 'galactic';

/** The observables holding each event's sky position (floats in degrees). */
export interface SkyColumns {
  readonly ra: string;
  readonly dec: string;
  readonly frame: SkyFrame;
}

/** A release's dataset schema: the observables of its events, its time and sky position. */
export interface DatasetSchema {
  readonly schema: 1;
  readonly release: string | null;
  readonly observables: readonly Observable[];
  /** The observable giving the event time (a timestamp, or a float64 with `format: mjd`), or null. */
  readonly time: string | null;
  readonly sky: SkyColumns | null;
}

/** A dataset schema file that cannot be used; `problems` lists every problem as `<file>: <path>: <message>`. */
export class DatasetSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: invalid dataset schema (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`);
    this.name = 'DatasetSchemaError';
  }
}

/** The observable `name` of `schema`, if declared. */
export function findObservable(schema: DatasetSchema, name: string): Observable | undefined {
  return schema.observables.find((observable) => observable.name === name);
}
