const BY_EXTENSION: Readonly<Record<string, string>> = {
  csv: 'text/csv',
  ecsv: 'text/x-ecsv',
  fit: 'application/fits',
  fits: 'application/fits',
  fts: 'application/fits',
  gz: 'application/gzip',
  h5: 'application/x-hdf5',
  hdf5: 'application/x-hdf5',
  html: 'text/html',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  json: 'application/json',
  jsonld: 'application/ld+json',
  md: 'text/markdown',
  nc: 'application/x-netcdf',
  parquet: 'application/vnd.apache.parquet',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml',
  tar: 'application/x-tar',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  vot: 'application/x-votable+xml',
  xml: 'application/xml',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  zip: 'application/zip',
  zst: 'application/zstd',
};

const DEFAULT_MEDIA_TYPE = 'application/octet-stream';

/** The media type to send for a file, guessed from its extension. */
export function guessMediaType(filePath: string): string {
  const name = filePath.slice(filePath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return DEFAULT_MEDIA_TYPE;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? DEFAULT_MEDIA_TYPE;
}
