import { Parser, type Quad } from 'n3';
import { listOntologyFiles, readOntologyFile } from './ontology-files.js';
import { APDC_VOCABULARY_BASE } from './vocabulary-base.js';

const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The concept schemes whose slugs metadata may use (`messenger`, `facility`, `data-level`, `observable`). */
export type SchemeName = 'messenger' | 'facility' | 'data-level' | 'observable';

export interface Concept {
  readonly slug: string;
  readonly iri: string;
  readonly label: string;
}

/** The SKOS concept schemes of `ontologies/vocabularies/`, loaded once. */
export class Vocabularies {
  private constructor(private readonly schemes: ReadonlyMap<string, ReadonlyMap<string, Concept>>) {}

  static load(): Vocabularies {
    const quads: Quad[] = [];
    for (const file of listOntologyFiles('vocabularies', '.ttl')) {
      quads.push(...new Parser().parse(readOntologyFile(file)));
    }
    const isConcept = new Set(
      quads
        .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${SKOS}Concept`)
        .map((q) => q.subject.value),
    );
    const labels = new Map<string, string>();
    for (const q of quads) {
      if (q.predicate.value === `${SKOS}prefLabel` && q.object.termType === 'Literal') {
        const language = q.object.language;
        if (language === 'en' || !labels.has(q.subject.value)) labels.set(q.subject.value, q.object.value);
      }
    }
    const schemes = new Map<string, Map<string, Concept>>();
    for (const q of quads) {
      if (q.predicate.value !== `${SKOS}inScheme` || !isConcept.has(q.subject.value)) continue;
      const iri = q.subject.value;
      const scheme = q.object.value;
      if (!iri.startsWith(scheme)) continue;
      const slug = iri.slice(scheme.length);
      const concepts = schemes.get(scheme) ?? new Map<string, Concept>();
      concepts.set(slug, { slug, iri, label: labels.get(iri) ?? slug });
      schemes.set(scheme, concepts);
    }
    return new Vocabularies(schemes);
  }

  concept(scheme: SchemeName, slug: string): Concept | undefined {
    return this.schemes.get(`${APDC_VOCABULARY_BASE}${scheme}/`)?.get(slug);
  }

  slugs(scheme: SchemeName): string[] {
    return [...(this.schemes.get(`${APDC_VOCABULARY_BASE}${scheme}/`)?.keys() ?? [])].sort();
  }
}

let loaded: Vocabularies | undefined;

export function vocabularies(): Vocabularies {
  loaded ??= Vocabularies.load();
  return loaded;
}
