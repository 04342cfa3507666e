/**
 * JSON Schema (2020-12) of a dataset schema file: its structure only. What a schema cannot say (units,
 * UCD syntax, unique names, the time and sky observables) is checked in `parse-dataset-schema.ts`.
 */
export const DATASET_SCHEMA_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://apdc.example.org/schemas/dataset-schema-1.json',
  title: 'APDC dataset schema',
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'observables'],
  properties: {
    schema: { description: 'the format version 1', const: 1 },
    release: { description: 'a text describing the release, or null', type: ['string', 'null'] },
    observables: {
      description: 'a non-empty list of observables',
      type: 'array',
      minItems: 1,
      items: { $ref: '#/$defs/observable' },
    },
    time: { description: 'the name of the event-time observable, or null', type: ['string', 'null'] },
    sky: {
      description: 'the sky position observables { ra, dec, frame }, or null',
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['ra', 'dec', 'frame'],
      properties: {
        ra: { description: 'the name of the right ascension (or longitude) observable', type: 'string' },
        dec: { description: 'the name of the declination (or latitude) observable', type: 'string' },
        frame: { description: 'icrs or galactic', enum: ['icrs', 'galactic'] },
      },
    },
  },
  $defs: {
    observable: {
      description: 'an observable { name, type, description, ... }',
      type: 'object',
      additionalProperties: false,
      required: ['name', 'type', 'description'],
      properties: {
        name: {
          description: 'a snake_case name of at most 63 characters',
          type: 'string',
          pattern: '^[a-z][a-z0-9_]*$',
          maxLength: 63,
        },
        type: {
          description: 'one of int16, int32, int64, float32, float64, bool, string, timestamp',
          enum: ['int16', 'int32', 'int64', 'float32', 'float64', 'bool', 'string', 'timestamp'],
        },
        unit: { description: 'a VOUnit string, or null', type: ['string', 'null'] },
        ucd: { description: 'an IVOA UCD, or null', type: ['string', 'null'] },
        description: { description: 'a non-empty text', type: 'string', minLength: 1 },
        validRange: {
          description: 'a range { min, max } of numbers',
          type: 'object',
          additionalProperties: false,
          required: ['min', 'max'],
          properties: {
            min: { description: 'a number', type: 'number' },
            max: { description: 'a number', type: 'number' },
          },
        },
        shape: {
          description: 'a non-empty list of positive integers',
          type: 'array',
          minItems: 1,
          items: { description: 'a positive integer', type: 'integer', minimum: 1 },
        },
        format: { description: 'mjd', enum: ['mjd'] },
        cuttable: { description: 'true or false', type: 'boolean' },
      },
    },
  },
} as const;
