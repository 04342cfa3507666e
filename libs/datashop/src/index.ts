/**
 * Groundwork of the data shop: dataset schema files declaring a release's event observables, and the
 * selections (cuts across releases) that will later drive event queries and exports.
 */
export {
  type DatasetSchema,
  DatasetSchemaError,
  findObservable,
  INTEGER_TYPES,
  NUMERIC_TYPES,
  OBSERVABLE_TYPES,
  type Observable,
  type ObservableType,
  type SkyColumns,
  type SkyFrame,
  type ValidRange,
} from './schema/dataset-schema.js';
export { DATASET_SCHEMA_JSON_SCHEMA } from './schema/dataset-schema.schema.js';
export { parseDatasetSchema, RESERVED_NAMES } from './schema/parse-dataset-schema.js';
export { ucdProblem } from './schema/ucd.js';
export { VO_UNIT_PREFIXES, VO_UNITS, voUnitProblem } from './schema/vo-unit.js';
export {
  type Cut,
  type InCut,
  isInCut,
  type RangeCut,
  type Selection,
  type SelectionCone,
  type TimeRange,
} from './selection/selection.js';
export { MAX_IN_VALUES, validateSelection } from './selection/validate-selection.js';
export { describeSelection } from './selection/describe-selection.js';
export { parseIsoInstant } from './selection/iso-time.js';
