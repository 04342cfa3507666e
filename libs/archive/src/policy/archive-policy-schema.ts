import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { type SchemaProblem, describeSchemaError, keyPath, shownValue } from '@apdc/platform';

const SCHEMA_FILE = 'archive-policy.schema.json';

/**
 * The repository's `archive-policies/` folder, found upwards from this file so that the same code works
 * from the sources (tests) and from `dist/`. The schema is always read from here, never from the
 * directory being loaded: a deployment may point at its own policies, but not loosen the checks.
 */
export function shippedArchivePoliciesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'archive-policies', SCHEMA_FILE)))
      return path.join(dir, 'archive-policies');
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`archive-policies/${SCHEMA_FILE} not found above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

interface Compiled {
  readonly schema: Record<string, unknown>;
  readonly validate: ValidateFunction;
}

let compiled: Compiled | undefined;

function archivePolicyValidator(): Compiled {
  if (compiled === undefined) {
    const schema = JSON.parse(
      readFileSync(path.join(shippedArchivePoliciesDir(), SCHEMA_FILE), 'utf8'),
    ) as Record<string, unknown>;
    // verbose: errors carry their sub-schema, whose description makes the message a reader can act on.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled;
}

/** The description of property `name` of `parent`, following a local `$ref`. */
function propertyDescription(
  root: Record<string, unknown>,
  parent: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  const properties = (parent?.['properties'] ?? {}) as Record<string, Record<string, unknown> | undefined>;
  let property = properties[name];
  const ref = property?.['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
    property = (root['$defs'] as Record<string, Record<string, unknown> | undefined>)[
      ref.slice('#/$defs/'.length)
    ];
  }
  const description = property?.['description'];
  return typeof description === 'string' ? description : undefined;
}

/** Like {@link describeSchemaError}, and a missing key names what it expects; a duplicate names the item. */
function describe(error: ErrorObject, root: Record<string, unknown>): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      const expected = propertyDescription(root, error.parentSchema, missing);
      return {
        path: keyPath(error.instancePath, missing),
        message: expected === undefined ? 'missing' : `missing; expected ${expected}`,
      };
    }
    case 'uniqueItems': {
      const items = Array.isArray(error.data) ? (error.data as unknown[]) : [];
      return {
        path: keyPath(error.instancePath),
        message: `lists ${shownValue(items[Number(params['i'])])} twice`,
      };
    }
    default:
      return describeSchemaError(error);
  }
}

/** The schema's verdict on a parsed policy file: every violation, each once. */
export function schemaProblems(value: unknown): SchemaProblem[] {
  const { schema, validate } = archivePolicyValidator();
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error, schema);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
