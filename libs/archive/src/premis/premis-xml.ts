/**
 * PREMIS 3.0 preservation metadata of one archive package: the package as a representation, its payload
 * files, what happened to them (events) and who did it (agents). Controlled values carry the Library of
 * Congress vocabulary URIs (id.loc.gov/vocabulary/preservation/...), so a reader without our software can
 * look each one up.
 */
import { XmlWriter } from './xml-text.js';

export const PREMIS_NAMESPACE = 'http://www.loc.gov/premis/v3';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const PREMIS_SCHEMA_LOCATION = `${PREMIS_NAMESPACE} https://www.loc.gov/standards/premis/v3/premis.xsd`;
const LOC_PRESERVATION = 'http://id.loc.gov/vocabulary/preservation';

export type PremisEventType =
  | 'creation'
  | 'message digest calculation'
  | 'replication'
  | 'fixity check'
  | 'ingestion'
  | 'validation'
  | 'recovery'
  | 'deletion'
  | 'dissemination';

/** The LoC eventType codes, e.g. `fix` for fixity check (http://id.loc.gov/vocabulary/preservation/eventType). */
const EVENT_TYPE_CODES: Readonly<Record<PremisEventType, string>> = {
  creation: 'cre',
  'message digest calculation': 'mes',
  replication: 'rep',
  'fixity check': 'fix',
  ingestion: 'ing',
  validation: 'val',
  recovery: 'rec',
  deletion: 'del',
  dissemination: 'dis',
};

export const PREMIS_EVENT_TYPES = Object.keys(EVENT_TYPE_CODES) as readonly PremisEventType[];

/** The id.loc.gov URI of an event type, e.g. `http://id.loc.gov/vocabulary/preservation/eventType/fix`. */
export function premisEventTypeUri(type: PremisEventType): string {
  return `${LOC_PRESERVATION}/eventType/${EVENT_TYPE_CODES[type]}`;
}

export type PremisEventOutcome = 'success' | 'failure' | 'warning';

/** LoC eventOutcome terms: their labels are `success`, `fail` and `warning`, so `failure` is written `fail`. */
const OUTCOMES: Readonly<Record<PremisEventOutcome, { readonly label: string; readonly code: string }>> = {
  success: { label: 'success', code: 'suc' },
  failure: { label: 'fail', code: 'fai' },
  warning: { label: 'warning', code: 'war' },
};

export interface PremisEvent {
  /** A UUID. */
  readonly id: string;
  readonly type: PremisEventType;
  readonly at: Date;
  readonly detail: string;
  readonly outcome: PremisEventOutcome;
  readonly outcomeDetail: string | null;
  /** The software that executed the event, e.g. `APDC 0.1.0`; linked to the agent of that identifier. */
  readonly agent: string;
  /**
   * Identifiers of the objects the event concerns. The package (`<uuid>` or `urn:uuid:<uuid>`), its DOI
   * (`10.…` or `doi:10.…`) and payload files (`data/<path>`) are linked to the objects of this document by
   * their identifier types; anything else (copy keys, say) is written as a `local` identifier as given.
   */
  readonly objects: readonly string[];
}

export interface PremisFile {
  /** The file's path in the release (below `data/` in the bag). */
  readonly path: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sha512: string;
}

export interface PremisDocumentInput {
  /** UUID of the archive package. */
  readonly packageId: string;
  /** Bare DOI of the version, if registered. */
  readonly doi: string | null;
  readonly title: string;
  /** In the order they should appear (callers pass them in path order). */
  readonly files: readonly PremisFile[];
  /** In the order they should appear (callers pass them in time order). */
  readonly events: readonly PremisEvent[];
  readonly softwareAgent: { readonly name: string; readonly version: string };
  /** The publisher; `ror` is the bare ROR id (`04t3en479`). */
  readonly organisation: { readonly name: string; readonly ror: string | null };
}

const PACKAGE_IDENTIFIER_TYPE = 'APDC package';

function vocabulary(name: string, code: string): Record<string, string> {
  return {
    authority: name,
    authorityURI: `${LOC_PRESERVATION}/${name}`,
    valueURI: `${LOC_PRESERVATION}/${name}/${code}`,
  };
}

function identifier(
  xml: XmlWriter,
  element: string,
  type: string,
  value: string,
  roleXml?: () => void,
): void {
  xml.start(`premis:${element}`);
  xml.leaf(`premis:${element}Type`, type);
  xml.leaf(`premis:${element}Value`, value);
  roleXml?.();
  xml.end();
}

function bagPath(file: PremisFile): string {
  return `data/${file.path}`;
}

function checkInput(input: PremisDocumentInput): void {
  for (const file of input.files) {
    if (!Number.isSafeInteger(file.sizeBytes) || file.sizeBytes < 0) {
      throw new RangeError(
        `PREMIS: size of "${file.path}" is not a whole number of bytes: ${file.sizeBytes}`,
      );
    }
    if (!/^[0-9a-f]{64}$/.test(file.sha256))
      throw new RangeError(`PREMIS: sha256 of "${file.path}" is not 64 hex digits`);
    if (!/^[0-9a-f]{128}$/.test(file.sha512))
      throw new RangeError(`PREMIS: sha512 of "${file.path}" is not 128 hex digits`);
  }
  for (const event of input.events) {
    if (Number.isNaN(event.at.getTime()))
      throw new RangeError(`PREMIS: event ${event.id} has an invalid date`);
  }
}

/** The identifier type and value under which `reference` names an object of this document. */
function linkedObject(input: PremisDocumentInput, reference: string): readonly [type: string, value: string] {
  if (reference === input.packageId || reference === `urn:uuid:${input.packageId}`) {
    return [PACKAGE_IDENTIFIER_TYPE, input.packageId];
  }
  if (input.doi !== null && (reference === input.doi || reference === `doi:${input.doi}`)) {
    return ['DOI', input.doi];
  }
  return ['local', reference];
}

function writeRepresentation(xml: XmlWriter, input: PremisDocumentInput): void {
  xml.start('premis:object', { 'xsi:type': 'premis:representation' });
  if (input.doi !== null) identifier(xml, 'objectIdentifier', 'DOI', input.doi);
  identifier(xml, 'objectIdentifier', PACKAGE_IDENTIFIER_TYPE, input.packageId);
  // PREMIS describes objects, not works; the title is kept as a significant property so a reader of this
  // file alone knows what the package holds.
  xml.start('premis:significantProperties');
  xml.leaf('premis:significantPropertiesType', 'title');
  xml.leaf('premis:significantPropertiesValue', input.title);
  xml.end();
  for (const file of input.files) {
    xml.start('premis:relationship');
    xml.leaf('premis:relationshipType', 'structural', vocabulary('relationshipType', 'str'));
    xml.leaf('premis:relationshipSubType', 'includes', vocabulary('relationshipSubType', 'inc'));
    identifier(xml, 'relatedObjectIdentifier', 'local', bagPath(file));
    xml.end();
  }
  xml.end();
}

function writeFixity(xml: XmlWriter, algorithm: 'sha512' | 'sha256', digest: string): void {
  xml.start('premis:fixity');
  xml.leaf(
    'premis:messageDigestAlgorithm',
    algorithm === 'sha512' ? 'SHA-512' : 'SHA-256',
    vocabulary('cryptographicHashFunctions', algorithm),
  );
  xml.leaf('premis:messageDigest', digest);
  xml.end();
}

function writeFile(xml: XmlWriter, file: PremisFile): void {
  xml.start('premis:object', { 'xsi:type': 'premis:file' });
  identifier(xml, 'objectIdentifier', 'local', bagPath(file));
  xml.start('premis:objectCharacteristics');
  xml.leaf('premis:compositionLevel', '0');
  writeFixity(xml, 'sha512', file.sha512);
  writeFixity(xml, 'sha256', file.sha256);
  xml.leaf('premis:size', String(file.sizeBytes));
  xml.start('premis:format');
  xml.start('premis:formatDesignation');
  xml.leaf('premis:formatName', file.mediaType);
  xml.end();
  xml.end();
  xml.end();
  xml.leaf('premis:originalName', file.path);
  xml.end();
}

function writeEvent(xml: XmlWriter, input: PremisDocumentInput, event: PremisEvent): void {
  xml.start('premis:event');
  identifier(xml, 'eventIdentifier', 'UUID', event.id);
  xml.leaf('premis:eventType', event.type, vocabulary('eventType', EVENT_TYPE_CODES[event.type]));
  xml.leaf('premis:eventDateTime', event.at.toISOString());
  xml.start('premis:eventDetailInformation');
  xml.leaf('premis:eventDetail', event.detail);
  xml.end();
  const outcome = OUTCOMES[event.outcome];
  xml.start('premis:eventOutcomeInformation');
  xml.leaf('premis:eventOutcome', outcome.label, vocabulary('eventOutcome', outcome.code));
  if (event.outcomeDetail !== null) {
    xml.start('premis:eventOutcomeDetail');
    xml.leaf('premis:eventOutcomeDetailNote', event.outcomeDetail);
    xml.end();
  }
  xml.end();
  identifier(xml, 'linkingAgentIdentifier', 'local', event.agent, () =>
    xml.leaf('premis:linkingAgentRole', 'executing program', vocabulary('eventRelatedAgentRole', 'exe')),
  );
  for (const reference of event.objects) {
    const [type, value] = linkedObject(input, reference);
    identifier(xml, 'linkingObjectIdentifier', type, value);
  }
  xml.end();
}

interface Agent {
  readonly identifierType: string;
  readonly identifier: string;
  readonly name: string;
  readonly type: 'software' | 'organization';
  readonly version: string | null;
}

function agents(input: PremisDocumentInput): Agent[] {
  const software = input.softwareAgent;
  const softwareId = `${software.name} ${software.version}`;
  const list: Agent[] = [
    {
      identifierType: 'local',
      identifier: softwareId,
      name: software.name,
      type: 'software',
      version: software.version,
    },
  ];
  // Older events may name earlier releases of the software: each gets an agent so its link resolves.
  for (const agent of new Set(input.events.map((event) => event.agent))) {
    if (agent !== softwareId) {
      list.push({ identifierType: 'local', identifier: agent, name: agent, type: 'software', version: null });
    }
  }
  const { name, ror } = input.organisation;
  list.push(
    ror === null
      ? { identifierType: 'local', identifier: name, name, type: 'organization', version: null }
      : {
          identifierType: 'ROR',
          identifier: `https://ror.org/${ror}`,
          name,
          type: 'organization',
          version: null,
        },
  );
  return list;
}

function writeAgent(xml: XmlWriter, agent: Agent): void {
  xml.start('premis:agent');
  identifier(xml, 'agentIdentifier', agent.identifierType, agent.identifier);
  xml.leaf('premis:agentName', agent.name);
  xml.leaf(
    'premis:agentType',
    agent.type,
    vocabulary('agentType', agent.type === 'software' ? 'sof' : 'org'),
  );
  if (agent.version !== null) xml.leaf('premis:agentVersion', agent.version);
  xml.end();
}

/**
 * A PREMIS 3.0 document (`premis` root, version 3.0): the package as a representation object that
 * includes its files, one file object per payload file (identified by its bag path `data/…`, with SHA-512
 * and SHA-256 fixity, size and media type), the events, then the agents (the software, any other software
 * the events name, and the publishing organisation). Throws `RangeError` for a size or digest that
 * cannot be right, or an invalid date.
 */
export function renderPremisXml(input: PremisDocumentInput): string {
  checkInput(input);
  const xml = new XmlWriter();
  xml.raw('<?xml version="1.0" encoding="UTF-8"?>');
  xml.start('premis:premis', {
    'xmlns:premis': PREMIS_NAMESPACE,
    'xmlns:xsi': XSI_NAMESPACE,
    'xsi:schemaLocation': PREMIS_SCHEMA_LOCATION,
    version: '3.0',
  });
  writeRepresentation(xml, input);
  for (const file of input.files) writeFile(xml, file);
  for (const event of input.events) writeEvent(xml, input, event);
  for (const agent of agents(input)) writeAgent(xml, agent);
  xml.end();
  return xml.toString();
}
