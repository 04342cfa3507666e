/**
 * Orders paths by their UTF-8 bytes, as PostgreSQL's COLLATE "C" and BagIt tools do; JavaScript's own
 * string order (UTF-16 code units) differs for characters above U+FFFF.
 */
export function compareBagPaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The payload of a version split into bags of at most `maxBagBytes` each: files in path order (byte-wise),
 * filled greedily, a new bag started when the next file would not fit. A file larger than the maximum
 * gets a bag of its own. No bag is empty, except that a version without files gets one empty bag, so
 * that its metadata is still preserved (a BagIt payload may be empty). Sizes count payload bytes only.
 */
export function splitIntoBags<T extends { readonly path: string; readonly sizeBytes: number }>(
  files: readonly T[],
  maxBagBytes: number,
): T[][] {
  if (!Number.isSafeInteger(maxBagBytes) || maxBagBytes < 1) {
    throw new RangeError(`maxBagBytes must be a positive whole number of bytes, got ${maxBagBytes}`);
  }
  for (const file of files) {
    if (!Number.isSafeInteger(file.sizeBytes) || file.sizeBytes < 0) {
      throw new RangeError(`size of "${file.path}" is not a whole number of bytes: ${file.sizeBytes}`);
    }
  }
  const sorted = [...files].sort((a, b) => compareBagPaths(a.path, b.path));
  const bags: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const file of sorted) {
    if (current.length > 0 && currentBytes + file.sizeBytes > maxBagBytes) {
      bags.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(file);
    currentBytes += file.sizeBytes;
  }
  if (current.length > 0 || bags.length === 0) bags.push(current);
  return bags;
}
