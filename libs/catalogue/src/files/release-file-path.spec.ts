import { describe, expect, it } from '@jest/globals';
import { releaseFilePathViolations } from './release-file-path.js';

describe(releaseFilePathViolations.name, () => {
  it('accepts ordinary relative paths', () => {
    for (const path of ['events.csv', 'data/2024/run 7.h5', 'Überblick.txt', '.hidden/x']) {
      expect(releaseFilePathViolations(path)).toEqual([]);
    }
  });

  it('refuses every way out of the release and every ambiguous spelling', () => {
    for (const path of [
      '',
      '/etc/passwd',
      '../x',
      'a/../../b',
      'a/./b',
      'a//b',
      'a/',
      'C:/x',
      'a\\b',
      'a\nb',
      'e\u0301',
    ]) {
      expect(releaseFilePathViolations(path)).toHaveLength(1);
    }
  });
});
