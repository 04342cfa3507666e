import { OaiError } from './errors.js';

export const OAI_VERBS = [
  'Identify',
  'ListMetadataFormats',
  'ListSets',
  'GetRecord',
  'ListIdentifiers',
  'ListRecords',
] as const;
export type OaiVerb = (typeof OAI_VERBS)[number];

/** A `from`/`until` argument: the instant it selects and the granularity it was written in. */
export interface OaiDateArgument {
  readonly instant: Date;
  readonly granularity: 'day' | 'second';
}

export type OaiListVerb = 'ListIdentifiers' | 'ListRecords';

export type OaiRequest =
  | { readonly verb: 'Identify' }
  | { readonly verb: 'ListMetadataFormats'; readonly localId: string | undefined }
  | { readonly verb: 'ListSets'; readonly resumptionToken: string | undefined }
  | { readonly verb: 'GetRecord'; readonly localId: string; readonly metadataPrefix: string }
  | {
      readonly verb: OaiListVerb;
      readonly resumptionToken: undefined;
      readonly metadataPrefix: string;
      readonly from: OaiDateArgument | undefined;
      readonly until: OaiDateArgument | undefined;
      readonly set: string | undefined;
    }
  | { readonly verb: OaiListVerb; readonly resumptionToken: string };

export interface OaiRequestContext {
  /** The `<repositoryId>` of `oai:<repositoryId>:<localId>` identifiers. */
  readonly repositoryId: string;
  readonly isKnownMetadataPrefix: (prefix: string) => boolean;
}

interface VerbArguments {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly exclusive?: string;
}

const ARGUMENTS: Readonly<Record<OaiVerb, VerbArguments>> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
  ListRecords: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
};

const METADATA_PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * Parses an OAI-PMH 2.0 date argument in either granularity the repository supports
 * (`YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ssZ`). A day `until` selects through the last second of that day.
 * Undefined when the value is not a real date in one of them.
 */
export function parseOaiDate(value: string, bound: 'from' | 'until'): OaiDateArgument | undefined {
  const day = DAY.exec(value);
  const second = day === null ? SECOND.exec(value) : null;
  const parts = (day ?? second)?.slice(1).map(Number);
  if (parts === undefined) return undefined;
  const [year = 0, month = 0, date = 0, hours = 0, minutes = 0, seconds = 0] = parts;
  const instant = new Date(Date.UTC(year, month - 1, date, hours, minutes, seconds));
  if (
    instant.getUTCFullYear() !== year ||
    instant.getUTCMonth() !== month - 1 ||
    instant.getUTCDate() !== date ||
    instant.getUTCHours() !== hours ||
    instant.getUTCMinutes() !== minutes ||
    instant.getUTCSeconds() !== seconds
  )
    return undefined;
  if (day !== null && bound === 'until') instant.setUTCHours(23, 59, 59);
  return { instant, granularity: day === null ? 'second' : 'day' };
}

/** The local id of `oai:<repositoryId>:<localId>`, or undefined when the identifier is not one of ours. */
export function localIdOf(identifier: string, repositoryId: string): string | undefined {
  const prefix = `oai:${repositoryId}:`;
  if (!identifier.startsWith(prefix)) return undefined;
  const localId = identifier.slice(prefix.length);
  return /^[A-Za-z0-9\-_.!~*'();/?:@&=+$,%]+$/.test(localId) ? localId : undefined;
}

function isOaiVerb(value: string): value is OaiVerb {
  return (OAI_VERBS as readonly string[]).includes(value);
}

/**
 * Validates the arguments of one request (GET query or POST form body, in order, repetitions kept)
 * and returns what it asks for.
 *
 * @throws OaiError badVerb, badArgument, cannotDisseminateFormat or idDoesNotExist (for an identifier
 *   that cannot be one of this repository's).
 */
export function parseOaiRequest(
  args: readonly (readonly [string, string])[],
  context: OaiRequestContext,
): OaiRequest {
  const verbs = args.filter(([name]) => name === 'verb');
  if (verbs.length === 0) throw new OaiError('badVerb', 'The verb argument is missing');
  if (verbs.length > 1) throw new OaiError('badVerb', 'The verb argument is repeated');
  const verb = verbs[0]?.[1] ?? '';
  if (!isOaiVerb(verb)) throw new OaiError('badVerb', `Illegal verb: ${verb}`);

  const values = new Map<string, string>();
  for (const [name, value] of args) {
    if (name === 'verb') continue;
    if (values.has(name)) throw new OaiError('badArgument', `The argument ${name} is repeated`);
    values.set(name, value);
  }
  const spec = ARGUMENTS[verb];
  const legal = new Set([
    ...spec.required,
    ...spec.optional,
    ...(spec.exclusive === undefined ? [] : [spec.exclusive]),
  ]);
  for (const name of values.keys())
    if (!legal.has(name)) throw new OaiError('badArgument', `Illegal argument for ${verb}: ${name}`);
  if (spec.exclusive !== undefined && values.has(spec.exclusive)) {
    if (values.size > 1)
      throw new OaiError(
        'badArgument',
        `${spec.exclusive} is an exclusive argument: send it with the verb only`,
      );
  } else {
    for (const name of spec.required)
      if (!values.has(name))
        throw new OaiError('badArgument', `Missing required argument for ${verb}: ${name}`);
  }
  for (const [name, value] of values)
    if (value === '') throw new OaiError('badArgument', `The argument ${name} is empty`);
  const prefixArgument = values.get('metadataPrefix');
  if (prefixArgument !== undefined && !METADATA_PREFIX.test(prefixArgument))
    throw new OaiError('badArgument', `Not a metadataPrefix: ${prefixArgument}`);
  const setArgument = values.get('set');
  if (setArgument !== undefined && !SET_SPEC.test(setArgument))
    throw new OaiError('badArgument', `Not a setSpec: ${setArgument}`);

  const identifierArgument = values.get('identifier');
  const localId =
    identifierArgument === undefined ? undefined : localIdOf(identifierArgument, context.repositoryId);
  if (identifierArgument !== undefined && localId === undefined)
    throw new OaiError('idDoesNotExist', `Not an identifier of this repository: ${identifierArgument}`);
  const metadataPrefix = values.get('metadataPrefix');
  const knownPrefix = (): string => {
    if (metadataPrefix === undefined) throw new OaiError('badArgument', 'Missing argument: metadataPrefix');
    if (!context.isKnownMetadataPrefix(metadataPrefix))
      throw new OaiError('cannotDisseminateFormat', `Unsupported metadata format: ${metadataPrefix}`);
    return metadataPrefix;
  };

  switch (verb) {
    case 'Identify':
      return { verb };
    case 'ListMetadataFormats':
      return { verb, localId };
    case 'ListSets':
      return { verb, resumptionToken: values.get('resumptionToken') };
    case 'GetRecord':
      if (localId === undefined) throw new OaiError('badArgument', 'Missing argument: identifier');
      return { verb, localId, metadataPrefix: knownPrefix() };
    case 'ListIdentifiers':
    case 'ListRecords': {
      const resumptionToken = values.get('resumptionToken');
      if (resumptionToken !== undefined) return { verb, resumptionToken };
      const from = dateArgument(values.get('from'), 'from');
      const until = dateArgument(values.get('until'), 'until');
      if (from !== undefined && until !== undefined) {
        if (from.granularity !== until.granularity)
          throw new OaiError('badArgument', 'from and until must have the same granularity');
        if (from.instant.getTime() > until.instant.getTime())
          throw new OaiError('badArgument', 'from is later than until');
      }
      return { verb, resumptionToken, metadataPrefix: knownPrefix(), from, until, set: values.get('set') };
    }
  }
}

function dateArgument(value: string | undefined, bound: 'from' | 'until'): OaiDateArgument | undefined {
  if (value === undefined) return undefined;
  const parsed = parseOaiDate(value, bound);
  if (parsed === undefined)
    throw new OaiError('badArgument', `${bound} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ: ${value}`);
  return parsed;
}
