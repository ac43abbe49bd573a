/**
 * What makes two email addresses the same account, and which addresses an account may have.
 * Creation, sign-in lookups and throttle keys all go through `normalizeEmail`, so that a
 * look-alike written with compatibility characters is the same account, never a second one.
 */

/** The longest address there can be (RFC 5321 §4.5.3.1.3, with RFC 3696 erratum 1690). */
export const maxEmailLength = 254;

/**
 * NFKC folds compatibility forms (fullwidth `ＡＤＭＩＮ`, mathematical letters, the
 * fullwidth full stop) into the characters they stand for (UAX #15); then case is folded.
 */
export function normalizeEmail(email: string): string {
  return email
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(dotless, (char) => dotlessAs[char] ?? char);
}

// Latin letters drawn as another Latin letter without its dot: one account with the dotted.
const dotless = /[\u0131\u0237]/gu;
const dotlessAs: Record<string, string> = { '\u0131': 'i', '\u0237': 'j' };

// Characters that show nothing or change how the rest is shown: controls (Cc), format
// characters such as zero-width joiners and bidi overrides (Cf), and the other default
// ignorables such as the Hangul filler; surrogates, private-use and unassigned code points.
const invisible = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/u;
const shape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
// A domain label: letters, marks, digits and hyphens (RFC 5890 §2.3.2.1, after NFKC).
const label = /^[\p{L}\p{M}\p{N}-]+$/u;

/** Why a normalised address may not be an account's, or undefined if it may. */
export function emailProblem(normalized: string): string | undefined {
  if (invisible.test(normalized)) {
    return 'email must not contain invisible or control characters';
  }
  if (!shape.test(normalized) || normalized.length > maxEmailLength) {
    return 'email must be a valid address';
  }
  const at = normalized.lastIndexOf('@');
  const domain = normalized.slice(at + 1);
  if (domain.endsWith('.')) return 'email domain must not end with a dot';
  const labels = domain.split('.');
  if (!labels.every((part) => label.test(part))) return 'email must be a valid address';
  const parts = [normalized.slice(0, at), ...labels];
  if ([...normalized].some((char) => inherited.test(char) && mark.test(char))) {
    return 'email must not contain combining marks that NFKC does not compose';
  }
  if (!parts.every(singleScript)) {
    return 'email must not mix scripts (such as Latin and Cyrillic) in its local part or a domain label';
  }
  if (parts.some(looksLatin)) {
    return 'email must not be written wholly in letters that look Latin (such as Cyrillic а, е, о)';
  }
  return undefined;
}

// A combining mark of no script of its own (U+0300–U+036F and the like) left over after NFKC
// draws a dot, a stroke or an accent over any letter: `i` + U+0307 looks like `i`.
const inherited = /^\p{Script=Inherited}$/u;
const mark = /^\p{M}$/u;

// UTS #39 §4 whole-script confusables: Cyrillic and Greek letters that are drawn as a Latin
// letter (from its confusables data). A part written wholly in them, `ԁеѵ` or `ѕсоре`, reads
// as a Latin name it is not; a part with any other letter (`иван`) cannot be mistaken so.
const latinLookAlikes = new Set('асԁеһіјӏорԛѕԝхуѵүαονριкυχγϲϳηκ'.split(''));

function looksLatin(part: string): boolean {
  let letters = 0;
  for (const char of part) {
    if (neutral.test(char)) continue;
    if (!latinLookAlikes.has(char)) return false;
    letters += 1;
  }
  return letters > 0;
}

// The scripts a letter is told apart by; a letter of any other script is 'other'.
const scripts = (
  'Latin Greek Cyrillic Armenian Hebrew Arabic Syriac Thaana Devanagari Bengali Gurmukhi ' +
  'Gujarati Oriya Tamil Telugu Kannada Malayalam Sinhala Thai Lao Tibetan Myanmar Georgian ' +
  'Hangul Ethiopic Cherokee Khmer Mongolian Hiragana Katakana Bopomofo Han'
)
  .split(' ')
  .map((name) => ({ name, pattern: new RegExp(`^\\p{Script=${name}}$`, 'u') }));
const neutral = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

// UTS #39 §5.2 "Highly Restrictive": one script, or Latin with the scripts Chinese,
// Japanese and Korean are written in together.
const combinations = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

function singleScript(part: string): boolean {
  const seen = new Set<string>();
  for (const char of part) {
    if (neutral.test(char)) continue;
    seen.add(scripts.find((script) => script.pattern.test(char))?.name ?? 'other');
  }
  return seen.size <= 1 || combinations.some((set) => [...seen].every((s) => set.includes(s)));
}
