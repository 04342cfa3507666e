/** BagIt profiles (bagit-profiles specification 1.4.0): parsing, and the checks a bag must pass. */
import type { Violation } from '@apdc/platform';
import { type BagInfoEntries, bagInfoValues } from './bag-info.js';
import { BagItProfileError } from './errors.js';

export interface BagItProfileInfo {
  readonly identifier: string;
  /** Version of the bagit-profiles specification the profile follows; '1.1.0' when it does not say. */
  readonly specVersion: string;
  readonly sourceOrganization: string;
  readonly externalDescription: string;
  /** Version of the profile itself. */
  readonly version: string;
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly contactPhone?: string;
}

export interface BagInfoTagRule {
  readonly label: string;
  readonly required: boolean;
  /** Acceptable values; null when any value is. */
  readonly values: readonly string[] | null;
  readonly repeatable: boolean;
  /** Not in the specification, but common in published profiles: worth having, never required. */
  readonly recommended: boolean;
  readonly description: string | null;
}

export type BagSerializationRule = 'forbidden' | 'required' | 'optional';

export interface BagItProfile {
  readonly info: BagItProfileInfo;
  readonly bagInfo: readonly BagInfoTagRule[];
  readonly manifestsRequired: readonly string[];
  /** null: every algorithm is allowed. */
  readonly manifestsAllowed: readonly string[] | null;
  readonly tagManifestsRequired: readonly string[];
  readonly tagManifestsAllowed: readonly string[] | null;
  readonly tagFilesRequired: readonly string[];
  /** Paths or patterns where '*' stands for any characters, '/' included; ['*'] when the profile is silent. */
  readonly tagFilesAllowed: readonly string[];
  readonly allowFetchTxt: boolean;
  readonly fetchTxtRequired: boolean;
  readonly dataEmpty: boolean;
  readonly serialization: BagSerializationRule;
  /** MIME types. */
  readonly acceptSerialization: readonly string[];
  readonly acceptBagItVersion: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a profile document, refusing one that breaks the specification with every fault listed
 * (a JSON pointer and what is wrong), so a bad profile stops start-up with a useful message.
 */
export function parseBagItProfile(json: unknown): BagItProfile {
  const violations: Violation[] = [];
  const fault = (path: string, message: string): void => {
    violations.push({ path, message });
  };
  if (!isObject(json)) throw new BagItProfileError([{ path: '', message: 'a profile is a JSON object' }]);

  const text = (object: Json, key: string, at: string, required: boolean): string | undefined => {
    const value = object[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      fault(`${at}/${key}`, required && value === undefined ? 'is required' : 'must be a non-empty string');
      return undefined;
    }
    return value;
  };
  const flag = (object: Json, key: string, at: string, fallback: boolean): boolean => {
    const value = object[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') fault(`${at}/${key}`, 'must be true or false');
    return value === true;
  };
  const list = (object: Json, key: string, at: string): string[] | undefined => {
    const value = object[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      fault(`${at}/${key}`, 'must be an array of strings');
      return undefined;
    }
    return value;
  };

  const rawInfo = json['BagIt-Profile-Info'];
  const infoObject = isObject(rawInfo) ? rawInfo : {};
  if (!isObject(rawInfo)) fault('/BagIt-Profile-Info', 'is required and must be an object');
  const at = '/BagIt-Profile-Info';
  const contactName = text(infoObject, 'Contact-Name', at, false);
  const contactEmail = text(infoObject, 'Contact-Email', at, false);
  const contactPhone = text(infoObject, 'Contact-Phone', at, false);
  const info: BagItProfileInfo = {
    identifier: text(infoObject, 'BagIt-Profile-Identifier', at, true) ?? '',
    specVersion: text(infoObject, 'BagIt-Profile-Version', at, false) ?? '1.1.0',
    sourceOrganization: text(infoObject, 'Source-Organization', at, true) ?? '',
    externalDescription: text(infoObject, 'External-Description', at, true) ?? '',
    version: text(infoObject, 'Version', at, true) ?? '',
    ...(contactName === undefined ? {} : { contactName }),
    ...(contactEmail === undefined ? {} : { contactEmail }),
    ...(contactPhone === undefined ? {} : { contactPhone }),
  };

  const bagInfo: BagInfoTagRule[] = [];
  const rawBagInfo = json['Bag-Info'] ?? {};
  if (!isObject(rawBagInfo)) fault('/Bag-Info', 'must be an object of tag rules');
  else {
    for (const [label, rule] of Object.entries(rawBagInfo)) {
      const ruleAt = `/Bag-Info/${label.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!isObject(rule)) {
        fault(ruleAt, 'must be an object');
        continue;
      }
      const values = list(rule, 'values', ruleAt);
      bagInfo.push({
        label,
        required: flag(rule, 'required', ruleAt, false),
        values: values === undefined || values.length === 0 ? null : values,
        repeatable: flag(rule, 'repeatable', ruleAt, true),
        recommended: flag(rule, 'recommended', ruleAt, false),
        description: text(rule, 'description', ruleAt, false) ?? null,
      });
    }
  }

  const manifestsRequired = list(json, 'Manifests-Required', '') ?? [];
  const manifestsAllowed = list(json, 'Manifests-Allowed', '') ?? null;
  const tagManifestsRequired = list(json, 'Tag-Manifests-Required', '') ?? [];
  const tagManifestsAllowed = list(json, 'Tag-Manifests-Allowed', '') ?? null;
  const tagFilesRequired = list(json, 'Tag-Files-Required', '') ?? [];
  const tagFilesAllowed = list(json, 'Tag-Files-Allowed', '') ?? ['*'];
  for (const [required, allowed, key] of [
    [manifestsRequired, manifestsAllowed, 'Manifests-Allowed'],
    [tagManifestsRequired, tagManifestsAllowed, 'Tag-Manifests-Allowed'],
  ] as const) {
    for (const algorithm of required) {
      if (allowed !== null && !allowed.includes(algorithm))
        fault(`/${key}`, `must include the required ${algorithm}`);
    }
  }
  for (const path of tagFilesRequired) {
    if (!tagFilesAllowed.some((pattern) => matchesTagFilePattern(pattern, path))) {
      fault('/Tag-Files-Allowed', `must allow the required tag file ${path}`);
    }
  }

  const allowFetchTxt = flag(json, 'Allow-Fetch.txt', '', true);
  const fetchTxtRequired = flag(json, 'Fetch.txt-Required', '', false);
  if (fetchTxtRequired && !allowFetchTxt)
    fault('/Fetch.txt-Required', 'cannot be true when Allow-Fetch.txt is false');
  const serialization = json['Serialization'] ?? 'optional';
  if (serialization !== 'forbidden' && serialization !== 'required' && serialization !== 'optional') {
    fault('/Serialization', 'must be "forbidden", "required" or "optional"');
  }
  const acceptSerialization = list(json, 'Accept-Serialization', '') ?? [];
  if (serialization !== 'forbidden' && acceptSerialization.length === 0) {
    fault('/Accept-Serialization', 'needs at least one MIME type unless Serialization is "forbidden"');
  }
  const acceptBagItVersion = list(json, 'Accept-BagIt-Version', '') ?? [];
  if (acceptBagItVersion.length === 0) fault('/Accept-BagIt-Version', 'needs at least one BagIt version');

  if (violations.length > 0) throw new BagItProfileError(violations);
  return {
    info,
    bagInfo,
    manifestsRequired,
    manifestsAllowed,
    tagManifestsRequired,
    tagManifestsAllowed,
    tagFilesRequired,
    tagFilesAllowed,
    allowFetchTxt,
    fetchTxtRequired,
    dataEmpty: flag(json, 'Data-Empty', '', false),
    serialization: serialization as BagSerializationRule,
    acceptSerialization,
    acceptBagItVersion,
  };
}

/** fnmatch-style, as the reference validator (bagit_profile.py) does: '*' matches any characters, '/' too. */
export function matchesTagFilePattern(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(path);
}

/** What a profile check needs to know about a bag. */
export interface BagProfileFacts {
  readonly bagitVersion: string | null;
  readonly serialization: 'directory' | 'application/x-tar';
  readonly bagInfo: BagInfoEntries;
  readonly manifestAlgorithms: readonly string[];
  readonly tagManifestAlgorithms: readonly string[];
  /** Every file outside data/, by its path relative to the bag root. */
  readonly tagFiles: readonly string[];
  readonly hasFetchTxt: boolean;
  readonly payloadSizes: readonly number[];
}

export interface BagProfileViolation {
  /** The profile key the bag breaks, e.g. 'Tag-Files-Required' or 'Bag-Info'. */
  readonly rule: string;
  /** Absent for rules about the bag as a whole (its serialization). */
  readonly path?: string;
  readonly message: string;
  readonly label?: string;
  readonly expected?: string;
  readonly actual?: string;
}

const TAR_TYPES = ['application/x-tar', 'application/tar'];
const BAG_DECLARATION_FILE = /^(bagit\.txt|bag-info\.txt|fetch\.txt|(tag)?manifest-[^/]+\.txt)$/;

/** Every way the bag breaks the profile. */
export function profileViolations(profile: BagItProfile, facts: BagProfileFacts): BagProfileViolation[] {
  const violations: BagProfileViolation[] = [];
  const id = profile.info.identifier;
  if (facts.bagitVersion !== null && !profile.acceptBagItVersion.includes(facts.bagitVersion)) {
    violations.push({
      rule: 'Accept-BagIt-Version',
      path: 'bagit.txt',
      message: `BagIt version ${facts.bagitVersion} is not accepted by profile ${id}`,
      expected: profile.acceptBagItVersion.join(', '),
      actual: facts.bagitVersion,
    });
  }
  if (facts.serialization === 'directory' && profile.serialization === 'required') {
    violations.push({ rule: 'Serialization', message: `profile ${id} requires a serialized bag` });
  }
  if (facts.serialization !== 'directory') {
    if (profile.serialization === 'forbidden') {
      violations.push({ rule: 'Serialization', message: `profile ${id} forbids serialized bags` });
    } else if (!profile.acceptSerialization.some((type) => TAR_TYPES.includes(type))) {
      violations.push({
        rule: 'Accept-Serialization',
        message: `profile ${id} does not accept tar serializations`,
        expected: profile.acceptSerialization.join(', '),
        actual: facts.serialization,
      });
    }
  }

  const declared = bagInfoValues(facts.bagInfo, 'BagIt-Profile-Identifier');
  // The specification always requires the tag; a profile that spells that out in Bag-Info is checked there.
  const spelledOut = profile.bagInfo.some(
    (rule) =>
      rule.label.toLowerCase() === 'bagit-profile-identifier' &&
      rule.required &&
      rule.values?.length === 1 &&
      rule.values[0] === id,
  );
  if (!spelledOut && !declared.includes(id)) {
    violations.push({
      rule: 'BagIt-Profile-Identifier',
      path: 'bag-info.txt',
      label: 'BagIt-Profile-Identifier',
      message: `bag-info.txt does not declare profile ${id}`,
      expected: id,
      ...(declared.length === 0 ? {} : { actual: declared.join(', ') }),
    });
  }
  for (const rule of profile.bagInfo) {
    const values = bagInfoValues(facts.bagInfo, rule.label);
    if (rule.required && values.length === 0) {
      violations.push({
        rule: 'Bag-Info',
        path: 'bag-info.txt',
        label: rule.label,
        message: `bag-info.txt lacks ${rule.label}, required by profile ${id}`,
      });
    }
    if (!rule.repeatable && values.length > 1) {
      violations.push({
        rule: 'Bag-Info',
        path: 'bag-info.txt',
        label: rule.label,
        message: `${rule.label} appears ${values.length} times; profile ${id} allows it once`,
      });
    }
    const allowed = rule.values;
    for (const value of allowed === null ? [] : values.filter((value) => !allowed.includes(value))) {
      violations.push({
        rule: 'Bag-Info',
        path: 'bag-info.txt',
        label: rule.label,
        message: `${rule.label} has a value profile ${id} does not allow`,
        expected: allowed?.join(' | ') ?? '',
        actual: value,
      });
    }
  }

  for (const [kind, required, allowed, present] of [
    ['Manifests', profile.manifestsRequired, profile.manifestsAllowed, facts.manifestAlgorithms],
    ['Tag-Manifests', profile.tagManifestsRequired, profile.tagManifestsAllowed, facts.tagManifestAlgorithms],
  ] as const) {
    const prefix = kind === 'Manifests' ? 'manifest' : 'tagmanifest';
    for (const algorithm of required.filter((algorithm) => !present.includes(algorithm))) {
      violations.push({
        rule: `${kind}-Required`,
        path: `${prefix}-${algorithm}.txt`,
        message: `${prefix}-${algorithm}.txt is missing, required by profile ${id}`,
      });
    }
    for (const algorithm of allowed === null
      ? []
      : present.filter((algorithm) => !allowed.includes(algorithm))) {
      violations.push({
        rule: `${kind}-Allowed`,
        path: `${prefix}-${algorithm}.txt`,
        message: `profile ${id} does not allow ${algorithm} ${kind === 'Manifests' ? 'manifests' : 'tag manifests'}`,
        expected: allowed?.join(', ') ?? '',
        actual: algorithm,
      });
    }
  }

  for (const path of profile.tagFilesRequired.filter((path) => !facts.tagFiles.includes(path))) {
    violations.push({
      rule: 'Tag-Files-Required',
      path,
      message: `${path} is missing, required by profile ${id}`,
    });
  }
  for (const path of facts.tagFiles) {
    if (BAG_DECLARATION_FILE.test(path)) continue;
    if (!profile.tagFilesAllowed.some((pattern) => matchesTagFilePattern(pattern, path))) {
      violations.push({
        rule: 'Tag-Files-Allowed',
        path,
        message: `profile ${id} does not allow tag file ${path}`,
      });
    }
  }

  if (facts.hasFetchTxt && !profile.allowFetchTxt) {
    violations.push({
      rule: 'Allow-Fetch.txt',
      path: 'fetch.txt',
      message: `profile ${id} does not allow fetch.txt`,
    });
  }
  if (!facts.hasFetchTxt && profile.fetchTxtRequired) {
    violations.push({
      rule: 'Fetch.txt-Required',
      path: 'fetch.txt',
      message: `profile ${id} requires fetch.txt`,
    });
  }
  const sizes = facts.payloadSizes;
  if (profile.dataEmpty && (sizes.length > 1 || (sizes[0] ?? 0) > 0)) {
    violations.push({
      rule: 'Data-Empty',
      path: 'data',
      message: `profile ${id} requires data/ to hold nothing or one empty file`,
      actual: `${sizes.length} files`,
    });
  }
  return violations;
}
