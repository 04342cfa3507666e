import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeObjectStoreContract } from '../object-store.contract.js';
import { FilesystemObjectStore } from './filesystem-object-store.js';

describeObjectStoreContract(
  FilesystemObjectStore.name,
  () => new FilesystemObjectStore(mkdtempSync(path.join(os.tmpdir(), 'apdc-objects-'))),
);
