import { describe, expect, it } from '@jest/globals';
import { KASCADE_LIKE_RECORD } from '../../../../test/fixtures/sample-release-records.js';
import { toDataCiteAttributes } from '../../../metadata/src/crosswalks/datacite-json.js';
import { describePidRegistrarContract } from '../pid-registrar.contract.js';
import { UnregisteredPidRegistrar } from './unregistered-pid-registrar.js';

describePidRegistrarContract(UnregisteredPidRegistrar.name, () => new UnregisteredPidRegistrar(), {
  prefix: '10.5072',
  attributes: toDataCiteAttributes(KASCADE_LIKE_RECORD),
});

describe(UnregisteredPidRegistrar.name, () => {
  it('says it registers nothing', () => {
    expect(new UnregisteredPidRegistrar().registers).toBe(false);
  });
});
