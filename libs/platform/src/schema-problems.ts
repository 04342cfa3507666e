import type { ErrorObject } from 'ajv';

/** One violation found by a JSON Schema: where (a key path such as `copies[0].audit.interval`) and what. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/** `copies[0].audit.interval` for the JSON pointer `/copies/0/audit/interval`; `(root)` for the root. */
export function keyPath(pointer: string, ...more: readonly string[]): string {
  const segments = [
    ...pointer
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
    ...more,
  ];
  let out = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** A value as a reader sees it in a message: JSON (numbers as written, so NaN stays NaN), cut at 60 characters. */
export function shownValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * An ajv error (compiled with `verbose: true`) as a problem a reader can act on: unknown keys with the
 * keys allowed there, missing keys, and otherwise the sub-schema's `description` ("must be …").
 */
export function describeSchemaError(error: ErrorObject): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  const description: unknown = error.parentSchema?.['description'];
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.['properties'] ?? {}) as object).join(', ');
      return {
        path: keyPath(error.instancePath, String(params['additionalProperty'])),
        message: `unknown key (allowed here: ${allowed})`,
      };
    }
    case 'required':
      return { path: keyPath(error.instancePath, String(params['missingProperty'])), message: 'missing' };
    default:
      return {
        path: keyPath(error.instancePath),
        message:
          typeof description === 'string'
            ? `must be ${description} (got ${shownValue(error.data)})`
            : `${error.message ?? error.keyword} (got ${shownValue(error.data)})`,
      };
  }
}
