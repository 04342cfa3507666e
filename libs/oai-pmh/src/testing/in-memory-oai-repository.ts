import {
  type OaiCursor,
  type OaiItemWithRecord,
  OaiRepository,
  type OaiSelection,
  type OaiSet,
} from '../ports/oai-repository.port.js';

/** The port over an array, for protocol tests: same ordering and selection rules as the catalogue's. */
export class InMemoryOaiRepository extends OaiRepository {
  listCalls: Array<{ limit: number; withRecords: boolean }> = [];

  constructor(
    public items: OaiItemWithRecord[],
    public sets: OaiSet[] = [],
  ) {
    super();
  }

  earliestDatestamp(): Promise<Date> {
    const times = this.items.map((i) => i.datestamp.getTime());
    return Promise.resolve(new Date(times.length === 0 ? 0 : Math.min(...times)));
  }

  listSets(): Promise<OaiSet[]> {
    return Promise.resolve([...this.sets]);
  }

  setExists(spec: string): Promise<boolean> {
    return Promise.resolve(this.sets.some((s) => s.spec === spec));
  }

  get(localId: string): Promise<OaiItemWithRecord | undefined> {
    return Promise.resolve(this.items.find((i) => i.localId === localId));
  }

  list(
    selection: OaiSelection,
    cursor: OaiCursor | undefined,
    limit: number,
    withRecords: boolean,
  ): Promise<OaiItemWithRecord[]> {
    this.listCalls.push({ limit, withRecords });
    const after = (i: OaiItemWithRecord): boolean =>
      cursor === undefined ||
      i.datestamp.getTime() > cursor.datestamp.getTime() ||
      (i.datestamp.getTime() === cursor.datestamp.getTime() && i.localId > cursor.localId);
    return Promise.resolve(
      this.selected(selection)
        .filter(after)
        .slice(0, limit)
        .map((i) => (withRecords ? i : { ...i, record: undefined })),
    );
  }

  count(selection: OaiSelection): Promise<number> {
    return Promise.resolve(this.selected(selection).length);
  }

  private selected(selection: OaiSelection): OaiItemWithRecord[] {
    const { from, until, set } = selection;
    return this.items
      .filter((i) => from === undefined || i.datestamp.getTime() >= from.getTime())
      .filter((i) => until === undefined || i.datestamp.getTime() <= until.getTime())
      .filter((i) => set === undefined || i.setSpecs.some((s) => s === set || s.startsWith(`${set}:`)))
      .sort(
        (a, b) =>
          a.datestamp.getTime() - b.datestamp.getTime() ||
          (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0),
      );
  }
}
