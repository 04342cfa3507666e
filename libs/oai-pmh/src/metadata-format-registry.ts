import { type ReleaseRecord, toDataCiteXml, toOaiDc } from '@apdc/metadata';

/** A metadata format the repository disseminates: `render` returns one element in `namespace`, no XML declaration. */
export interface OaiMetadataFormat {
  readonly prefix: string;
  readonly schema: string;
  readonly namespace: string;
  readonly render: (record: ReleaseRecord) => string;
}

export const OAI_DC_FORMAT: OaiMetadataFormat = {
  prefix: 'oai_dc',
  schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
  namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  render: (record) => toOaiDc(record),
};

export const DATACITE_FORMAT: OaiMetadataFormat = {
  prefix: 'datacite',
  schema: 'http://schema.datacite.org/meta/kernel-4.7/metadata.xsd',
  namespace: 'http://datacite.org/schema/kernel-4',
  render: (record) => toDataCiteXml(record, { xmlDeclaration: false }),
};

/** The formats every item is disseminated in, by prefix; new formats are registered, the verbs stay unchanged. */
export class MetadataFormatRegistry {
  private readonly formats = new Map<string, OaiMetadataFormat>();

  constructor(formats: readonly OaiMetadataFormat[] = [OAI_DC_FORMAT, DATACITE_FORMAT]) {
    for (const format of formats) this.register(format);
  }

  register(format: OaiMetadataFormat): this {
    if (!/^[A-Za-z0-9\-_.!~*'()]+$/.test(format.prefix))
      throw new Error(`Not a valid metadataPrefix: ${format.prefix}`);
    if (this.formats.has(format.prefix))
      throw new Error(`Metadata format already registered: ${format.prefix}`);
    this.formats.set(format.prefix, format);
    return this;
  }

  get(prefix: string): OaiMetadataFormat | undefined {
    return this.formats.get(prefix);
  }

  has(prefix: string): boolean {
    return this.formats.has(prefix);
  }

  all(): OaiMetadataFormat[] {
    return [...this.formats.values()];
  }
}
