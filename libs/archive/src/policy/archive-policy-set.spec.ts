import { describe, expect, it } from '@jest/globals';
import { type ArchivePolicy, archivePolicySet } from './index.js';

function policy(id: string, fields: Partial<ArchivePolicy> = {}): ArchivePolicy {
  return {
    id,
    title: id,
    description: null,
    isDefault: false,
    appliesTo: null,
    priority: 0,
    copies: [],
    embargo: 'archive',
    maxBagBytes: 1024 ** 3,
    retention: { minimum: 'P30Y', minimumSeconds: 946_728_000, afterWithdrawal: 'keep' },
    sha256: '0'.repeat(64),
    file: `${id}.yaml`,
    ...fields,
  };
}

const fallback = policy('standard', { isDefault: true });

describe(archivePolicySet.name, () => {
  describe('forRelease', () => {
    it('matches one of the listed facilities, or one of the listed messengers', () => {
      const sut = archivePolicySet([
        fallback,
        policy('gw', { appliesTo: { facilities: ['ligo', 'virgo'], messengers: [] } }),
        policy('neutrinos', { appliesTo: { facilities: [], messengers: ['neutrino'] } }),
      ]);

      expect(sut.forRelease({ facilities: ['virgo'], messengers: [] }).id).toBe('gw');
      expect(sut.forRelease({ facilities: ['icecube'], messengers: ['gamma-ray', 'neutrino'] }).id).toBe(
        'neutrinos',
      );
      expect(sut.forRelease({ facilities: ['icecube'], messengers: ['gamma-ray'] }).id).toBe('standard');
    });

    it('asks for both a listed facility and a listed messenger when a policy names both', () => {
      const sut = archivePolicySet([
        fallback,
        policy('lat-photons', { appliesTo: { facilities: ['fermi-lat'], messengers: ['gamma-ray'] } }),
      ]);

      expect(sut.forRelease({ facilities: ['fermi-lat'], messengers: ['gamma-ray'] }).id).toBe('lat-photons');
      expect(sut.forRelease({ facilities: ['fermi-lat'], messengers: ['charged-cosmic-ray'] }).id).toBe(
        'standard',
      );
      expect(sut.forRelease({ facilities: ['hess'], messengers: ['gamma-ray'] }).id).toBe('standard');
    });

    it('prefers the higher priority, then the smaller id, whatever the order given', () => {
      const appliesTo = { facilities: ['icecube'], messengers: [] };
      const policies = [
        fallback,
        policy('b-icecube', { appliesTo }),
        policy('a-icecube', { appliesTo }),
        policy('z-icecube', { appliesTo, priority: 5 }),
      ];
      const release = { facilities: ['icecube'], messengers: ['neutrino'] };

      expect(archivePolicySet(policies).forRelease(release).id).toBe('z-icecube');
      expect(archivePolicySet(policies.slice(0, 3)).forRelease(release).id).toBe('a-icecube');
      expect(archivePolicySet([...policies.slice(0, 3)].reverse()).forRelease(release).id).toBe('a-icecube');
    });

    it('never picks a policy without appliesTo unless asked for it by id', () => {
      const sut = archivePolicySet([fallback, policy('manual')]);

      expect(sut.forRelease({ facilities: ['icecube'], messengers: ['neutrino'] }).id).toBe('standard');
      expect(sut.byId('manual')?.id).toBe('manual');
      expect(sut.byId('nothing')).toBeUndefined();
    });
  });

  it('lists the policies by id and names the default', () => {
    const sut = archivePolicySet([policy('b'), fallback, policy('a')]);

    expect(sut.policies.map((p) => p.id)).toEqual(['a', 'b', 'standard']);
    expect(sut.defaultPolicy).toBe(fallback);
  });

  it('refuses a set without exactly one default', () => {
    expect(() => archivePolicySet([policy('a')])).toThrow('exactly one default policy, got 0');
    expect(() => archivePolicySet([fallback, policy('b', { isDefault: true })])).toThrow(
      'exactly one default policy, got 2',
    );
  });
});
