import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { Quad } from 'n3';
import {
  APDC_TERMS,
  RDF_TYPE,
  SKOS,
  VOCABULARY_DIR,
  VOCABULARY_SCHEMES,
  conceptIris,
  readVocabulary,
  ucdProblem,
  voUnitProblem,
  vocabularyScheme,
} from '../../test/fixtures/releases/vocabulary-checks.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const objectsOf = (quads: Quad[], subject: string, predicate: string): Quad['object'][] =>
  quads
    .filter((quad) => quad.subject.value === subject && quad.predicate.value === predicate)
    .map((quad) => quad.object);

const valuesOf = (quads: Quad[], subject: string, predicate: string): string[] =>
  objectsOf(quads, subject, predicate).map((object) => object.value);

const englishLiterals = (quads: Quad[], subject: string, predicate: string): string[] =>
  objectsOf(quads, subject, predicate)
    .filter((object) => object.termType === 'Literal' && object.language === 'en')
    .map((object) => object.value);

describe('APDC SKOS vocabularies', () => {
  it('has one Turtle file per concept scheme and no other', () => {
    const files = readdirSync(VOCABULARY_DIR).filter((name) => name.endsWith('.ttl'));
    expect(files.sort()).toEqual(VOCABULARY_SCHEMES.map((scheme) => scheme.file).sort());
  });

  describe.each(VOCABULARY_SCHEMES)('$file', (scheme) => {
    const quads = readVocabulary(scheme.file);
    const concepts = [...conceptIris(scheme)].sort();
    const conceptSet = new Set(concepts);

    it('declares its concept scheme with an English label and definition', () => {
      const schemes = quads
        .filter((quad) => quad.predicate.value === RDF_TYPE && quad.object.value === `${SKOS}ConceptScheme`)
        .map((quad) => quad.subject.value);
      expect(schemes).toEqual([scheme.iri]);
      expect(englishLiterals(quads, scheme.iri, `${SKOS}prefLabel`)).toHaveLength(1);
      expect(englishLiterals(quads, scheme.iri, `${SKOS}definition`)).toHaveLength(1);
      expect(concepts.length).toBeGreaterThan(0);
    });

    it('types every concept of the scheme namespace and puts it in the scheme', () => {
      const typedConcepts = quads
        .filter((quad) => quad.predicate.value === RDF_TYPE && quad.object.value === `${SKOS}Concept`)
        .map((quad) => quad.subject.value);
      expect(typedConcepts.sort()).toEqual(concepts);
      // Every IRI of the namespace mentioned anywhere (hasTopConcept, broader, ...) is a declared concept.
      const mentioned = quads
        .flatMap((quad) => [quad.subject, quad.object])
        .filter(
          (term) =>
            term.termType === 'NamedNode' && term.value.startsWith(scheme.iri) && term.value !== scheme.iri,
        )
        .map((term) => term.value);
      expect([...new Set(mentioned)].filter((iri) => !conceptSet.has(iri))).toEqual([]);
    });

    it.each(concepts)(
      '%s has one English prefLabel, a definition, its slug as notation and one scheme',
      (iri) => {
        const slug = iri.slice(scheme.iri.length);
        expect(slug).toMatch(SLUG);
        const prefLabels = objectsOf(quads, iri, `${SKOS}prefLabel`);
        expect(prefLabels).toHaveLength(1);
        expect(englishLiterals(quads, iri, `${SKOS}prefLabel`)).toHaveLength(1);
        const definitions = englishLiterals(quads, iri, `${SKOS}definition`);
        expect(definitions).toHaveLength(1);
        expect(definitions[0]?.trim().length).toBeGreaterThan(20);
        for (const label of englishLiterals(quads, iri, `${SKOS}altLabel`)) expect(label.trim()).not.toBe('');
        expect(valuesOf(quads, iri, `${SKOS}notation`)).toEqual([slug]);
        expect(valuesOf(quads, iri, `${SKOS}inScheme`)).toEqual([scheme.iri]);
      },
    );

    it('has no duplicate notations or preferred labels', () => {
      const notations = concepts.flatMap((iri) => valuesOf(quads, iri, `${SKOS}notation`));
      expect(new Set(notations).size).toBe(notations.length);
      const labels = concepts.flatMap((iri) => englishLiterals(quads, iri, `${SKOS}prefLabel`));
      expect(new Set(labels).size).toBe(labels.length);
    });

    it('makes every concept a top concept or narrower than one, consistently both ways', () => {
      const topConcepts = concepts.filter((iri) =>
        valuesOf(quads, iri, `${SKOS}topConceptOf`).includes(scheme.iri),
      );
      expect(valuesOf(quads, scheme.iri, `${SKOS}hasTopConcept`).sort()).toEqual(topConcepts);
      for (const iri of concepts) {
        const broader = valuesOf(quads, iri, `${SKOS}broader`);
        expect({ iri, top: topConcepts.includes(iri), broader: broader.length > 0 }).toEqual({
          iri,
          top: broader.length === 0,
          broader: broader.length > 0,
        });
        for (const parent of broader) {
          expect(conceptSet.has(parent)).toBe(true);
          expect(valuesOf(quads, parent, `${SKOS}narrower`)).toContain(iri);
        }
        for (const child of valuesOf(quads, iri, `${SKOS}narrower`)) {
          expect(valuesOf(quads, child, `${SKOS}broader`)).toContain(iri);
        }
        for (const related of valuesOf(quads, iri, `${SKOS}related`)) {
          expect(valuesOf(quads, related, `${SKOS}related`)).toContain(iri);
        }
      }
    });
  });

  describe('observables.ttl', () => {
    const scheme = vocabularyScheme('observable');
    const quads = readVocabulary(scheme.file);
    const concepts = [...conceptIris(scheme)].sort();

    it.each(concepts)('%s recommends at most one VOUnit, written in VOUnits syntax', (iri) => {
      const units = objectsOf(quads, iri, `${APDC_TERMS}voUnit`);
      expect(units.length).toBeLessThanOrEqual(1);
      for (const unit of units) {
        expect(unit.termType).toBe('Literal');
        expect({ unit: unit.value, problem: voUnitProblem(unit.value) }).toEqual({
          unit: unit.value,
          problem: undefined,
        });
      }
    });

    it.each(concepts)('%s has exactly one UCD built from UCD1+ words', (iri) => {
      const ucds = valuesOf(quads, iri, `${APDC_TERMS}ucd`);
      expect(ucds).toHaveLength(1);
      for (const ucd of ucds) expect({ ucd, problem: ucdProblem(ucd) }).toEqual({ ucd, problem: undefined });
    });
  });

  describe('facilities.ttl', () => {
    const scheme = vocabularyScheme('facility');
    const quads = readVocabulary(scheme.file);
    const messengers = conceptIris(vocabularyScheme('messenger'));

    it.each([...conceptIris(scheme)].sort())('%s observes messengers defined in messengers.ttl', (iri) => {
      const observed = valuesOf(quads, iri, `${APDC_TERMS}messenger`);
      expect(observed.length).toBeGreaterThan(0);
      expect(observed.filter((messenger) => !messengers.has(messenger))).toEqual([]);
    });
  });
});

describe('VOUnit syntax check', () => {
  it.each([
    'GeV',
    'deg',
    'd',
    'm',
    'log(GeV)',
    'K',
    'hPa',
    'cm**-2.s**-1.TeV**-1',
    'erg.cm**-2.s**-1',
    'km/s',
  ])('accepts %s', (unit) => expect(voUnitProblem(unit)).toBeUndefined());

  it.each(['photon.cm**-2.GeV**-1.s**-1', 'yr**-1', 'm.s**(-2)', 'erg/(cm**2.s)', 'Pa', 'mas', 'EeV', 'ns'])(
    'accepts %s',
    (unit) => expect(voUnitProblem(unit)).toBeUndefined(),
  );

  it.each(['', 'cm-2.s-1', 'km/s/Mpc', 'furlong', 'log(GeV', 'GeV cm', 'cm^2', 'foo(GeV)', 'GeV**', '%m'])(
    'refuses "%s"',
    (unit) => expect(voUnitProblem(unit)).toEqual(expect.any(String)),
  );
});

describe('UCD syntax check', () => {
  it.each(['phys.energy', 'pos.eq.ra;meta.main', 'stat.error;pos', 'meta.number;phys.electron'])(
    'accepts %s',
    (ucd) => expect(ucdProblem(ucd)).toBeUndefined(),
  );

  it.each(['', 'phys.energy;', 'pos;stat.error', 'meta.main', 'phys.size.number', 'pos..eq', 'phys energy'])(
    'refuses "%s"',
    (ucd) => expect(ucdProblem(ucd)).toEqual(expect.any(String)),
  );
});
