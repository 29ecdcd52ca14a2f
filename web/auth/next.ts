const FALLBACK = '/alerts';
const ORIGIN = 'http://raqib.invalid';

/**
 * Where to go after logging in: only a path on this site. It must start with one "/" (not "//", which a
 * browser reads as another host), hold no backslash (read as "/") and no control character (a browser
 * drops tab and newline, so "/\t/evil.example" becomes "//evil.example"), and resolve to our own origin.
 * Anything else goes to the alerts page.
 */
export function safeNext(v: unknown): string {
  if (typeof v !== 'string' || v.length > 2000) return FALLBACK;
  if (!v.startsWith('/') || v.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(v)) return FALLBACK;
  try {
    return new URL(v, ORIGIN).origin === ORIGIN ? v : FALLBACK;
  } catch {
    return FALLBACK;
  }
}
