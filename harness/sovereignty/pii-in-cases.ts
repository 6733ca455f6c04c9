/**
 * A contributor may paste a real citizen's data into a case of a suite meant to be `public` or
 * `interne`, whose cases may go to clouds. Every text of such a case (variables, reference,
 * expected values, description) and of its suite (prompt, system, messages) goes through the PII
 * detectors; a finding is reported at its file:line with the kind found — never the value itself.
 */
import type { Issue, SourceLocation } from '../core/errors.js';
import type { Classification, TestCase, VarValue } from '../core/types.js';
import type { PathSegment } from '../suites/locate.js';
import { MUST_HOLD_NO_PII } from './classification.js';
import { detectPii } from './detect.js';
import { PII_LABELS_FR, type PiiKind } from './pii/types.js';

/** Letters and digits only, lower case, compatibility forms folded: how contacts are compared. */
const normalise = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}@]/gu, '');

/**
 * The operator's list of the organisation's own public contacts (`policy.publicContacts`): a
 * switchboard number, a service address, `@ville.fr` for every e-mail of a domain, `02 61 91 *`
 * for a range. These are not a citizen's data; anything else the detectors find is.
 */
export const createPublicContacts = (entries: readonly string[]): ((value: string) => boolean) => {
  const domains = entries.filter((e) => e.trim().startsWith('@')).map((e) => normalise(e));
  const prefixes = entries.filter((e) => e.trim().endsWith('*')).map((e) => normalise(e.trim().slice(0, -1)));
  const exact = new Set(entries.filter((e) => !e.trim().startsWith('@') && !e.trim().endsWith('*')).map(normalise));
  return (value) => {
    const v = normalise(value);
    return exact.has(v) || prefixes.some((p) => p !== '' && v.startsWith(p)) || domains.some((d) => v.endsWith(d) && v.includes('@'));
  };
};

const kindsIn = (text: string, isPublic: (value: string) => boolean): PiiKind[] => [...new Set(detectPii(text).filter((s) => !isPublic(s.text)).map((s) => s.kind))];

const finding = (at: SourceLocation, path: string, kinds: readonly PiiKind[], classification: Classification): Issue => ({
  at,
  path,
  message: `donnée personnelle probable (${kinds.map((k) => PII_LABELS_FR[k]).join(', ')}) dans une suite classée « ${classification} »`,
  hint: 'remplacez-la par une valeur fictive ; si c’est un contact public de la collectivité, ajoutez-le à policy.publicContacts de la configuration ; sinon classez la suite « sensible » ou « personnel » (ses cas ne seront alors envoyés qu’aux hébergements autorisés)',
});

/** Every text of a var value, with its path (`vars.adresse.rue`, `vars.liste.2`). */
const textsOf = (value: VarValue | unknown, path: PathSegment[], out: [string, PathSegment[]][]): void => {
  if (typeof value === 'string') out.push([value, path]);
  else if (typeof value === 'number') out.push([String(value), path]);
  else if (Array.isArray(value)) value.forEach((v, i) => textsOf(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) textsOf(v, [...path, k], out);
};

/** The scans of cases and suite texts, knowing the organisation's public contacts. */
export const createPersonalDataScan = (publicContacts: readonly string[] = []) => {
  const isPublic = createPublicContacts(publicContacts);
  return {
    inCase: (testCase: TestCase, locate: (path: readonly PathSegment[]) => SourceLocation) => personalDataInCase(testCase, locate, isPublic),
    inSuiteText: (text: string, at: SourceLocation, classification: Classification) => personalDataInSuiteText(text, at, classification, isPublic),
  };
};

/** Findings in one case, when its effective classification forbids personal data. */
export const personalDataInCase = (testCase: TestCase, locate: (path: readonly PathSegment[]) => SourceLocation, isPublic: (value: string) => boolean = () => false): Issue[] => {
  const classification = testCase.classification ?? 'public';
  if (!MUST_HOLD_NO_PII.has(classification)) return [];
  const texts: [string, PathSegment[]][] = [];
  textsOf(testCase.vars, ['vars'], texts);
  if (testCase.reference !== undefined) texts.push([testCase.reference, ['reference']]);
  if (testCase.description !== undefined) texts.push([testCase.description, ['description']]);
  // Only the case's own assertions: the suite's defaultTest ones are located in the suite file.
  testCase.assert.forEach((a, i) => {
    if (a.at?.file === testCase.source.file || a.at === undefined) textsOf(a.value, ['assert', i, 'value'], texts);
  });
  // The same text often sits at two paths of a case (a reference repeated as the expected value,
  // as a variable): detected once, reported at each path.
  const seen = new Map<string, PiiKind[]>();
  return texts.flatMap(([text, path]) => {
    let kinds = seen.get(text);
    if (kinds === undefined) seen.set(text, (kinds = kindsIn(text, isPublic)));
    return kinds.length === 0 ? [] : [finding(locate(path), path.join('.'), kinds, classification)];
  });
};

/** Findings in a suite's own text (prompt, system, messages). */
export const personalDataInSuiteText = (text: string, at: SourceLocation, classification: Classification, isPublic: (value: string) => boolean = () => false): Issue[] => {
  if (!MUST_HOLD_NO_PII.has(classification)) return [];
  const kinds = kindsIn(text, isPublic);
  return kinds.length === 0 ? [] : [finding(at, '', kinds, classification)];
};
