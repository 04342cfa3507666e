import jsonld from 'jsonld';
import { type Quad, Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import type { Violation } from '@apdc/platform';
import { bundledDocumentLoader } from '../json-ld/document-loader.js';
import { readOntologyFile } from '../ontology-files.js';
import { escapePointer } from './structure-guard.js';

const ANONYMOUS_PREFIX = 'urn:apdc:anonymous:';
let shapes: Quad[] | undefined;

function releaseShapes(): Quad[] {
  shapes ??= new Parser().parse(readOntologyFile('shapes/release.shacl.ttl'));
  return shapes;
}

/**
 * Names every node of a canonical document so that SHACL results lead back to JSON pointers: nodes
 * without an @id get `urn:apdc:anonymous:<pointer>`; nodes with one are remembered by it.
 */
function nameNodes(document: unknown): { named: unknown; pointers: Map<string, string> } {
  const pointers = new Map<string, string>();
  const visit = (value: unknown, pointer: string): unknown => {
    if (Array.isArray(value)) return value.map((child, index) => visit(child, `${pointer}/${index}`));
    if (value === null || typeof value !== 'object') return value;
    const node = value as Record<string, unknown>;
    if ('@value' in node || '@list' in node) return node;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      copy[key] = key === '@context' ? child : visit(child, `${pointer}/${escapePointer(key)}`);
    }
    const id = node['@id'];
    if (typeof id === 'string') {
      if (!pointers.has(id)) pointers.set(id, pointer);
    } else if ('@type' in node) {
      copy['@id'] = `${ANONYMOUS_PREFIX}${pointer}`;
      pointers.set(copy['@id'] as string, pointer);
    }
    return copy;
  };
  return { named: visit(document, ''), pointers };
}

function termOf(iri: string): string {
  return iri.slice(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
}

/** Validates a canonical release document against `ontologies/shapes/release.shacl.ttl`. */
export async function shaclViolations(canonical: Record<string, unknown>): Promise<Violation[]> {
  const { named, pointers } = nameNodes(canonical);
  const nquads = (await jsonld.toRDF(named as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: bundledDocumentLoader as unknown as jsonld.Options.DocLoader['documentLoader'],
  })) as unknown as string;
  const data = new Store(new Parser({ format: 'N-Quads' }).parse(nquads));
  const report = await new SHACLValidator(new Store(releaseShapes())).validate(data);
  const violations: Violation[] = [];
  for (const result of report.results) {
    const focus = result.focusNode?.value ?? '';
    const base =
      pointers.get(focus) ?? (focus.startsWith(ANONYMOUS_PREFIX) ? focus.slice(ANONYMOUS_PREFIX.length) : '');
    const path = result.path?.termType === 'NamedNode' ? `${base}/${termOf(result.path.value)}` : base;
    const message =
      result.message.map((term) => term.value).join('; ') ||
      `violates ${termOf(result.sourceConstraintComponent?.value ?? 'a constraint')}`;
    violations.push({ path, message });
  }
  return violations;
}
