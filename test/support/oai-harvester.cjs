// Runs the third-party `oai-pmh` harvester (npm) against a base URL and prints what it harvested as JSON.
// A separate CommonJS process: the package loads itself through the `esm` loader, which jest's ESM mode
// cannot host. Usage: node oai-harvester.cjs <baseUrl> <ListRecords|ListIdentifiers> '<options JSON>'
'use strict';
const { OaiPmh } = require('oai-pmh');

async function main() {
  const [baseUrl, verb, optionsJson] = process.argv.slice(2);
  const harvester = new OaiPmh(baseUrl, { retry: false });
  const options = JSON.parse(optionsJson || '{}');
  const items =
    verb === 'ListIdentifiers' ? harvester.listIdentifiers(options) : harvester.listRecords(options);
  const harvested = [];
  for await (const item of items) {
    const header = verb === 'ListIdentifiers' ? item : item.header;
    harvested.push({
      identifier: header.identifier,
      datestamp: header.datestamp,
      deleted: header.$ !== undefined && header.$.status === 'deleted',
      setSpec: header.setSpec === undefined ? [] : [].concat(header.setSpec),
      hasMetadata: verb === 'ListRecords' && item.metadata !== undefined,
    });
  }
  process.stdout.write(JSON.stringify(harvested));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
