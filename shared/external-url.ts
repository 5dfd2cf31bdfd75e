/**
 * The header fields a mail draft may carry (RFC 6068). Mail clients take others too, and some of them read files:
 * Thunderbird, Evolution and KMail attach whatever `attach=` / `attachment=` names, so a link could mail a user's
 * files off with one click on "Send". Only these are let through.
 */
const MAIL_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body']);

/** The only URLs the app hands to the OS: web pages over https, and mail drafts without attachments. */
export function isAllowedExternalUrl(input: string): boolean {
  if (input.length > 2048 || /[^\u0021-\u007e]/.test(input)) return false;
  if (/^mailto:[^/\\]/i.test(input)) return isPlainMailDraft(input.slice('mailto:'.length));
  // No credentials, no backslashes (some parsers treat them as '/'), a non-empty host.
  return /^https:\/\/[a-z0-9.-]+(:\d{1,5})?([/?#][^\\]*)?$/i.test(input);
}

function isPlainMailDraft(rest: string): boolean {
  const query = rest.indexOf('?');
  if (query === -1) return true;
  for (const field of rest.slice(query + 1).split(/[&;]/)) {
    if (field === '') continue;
    const name = field.split('=', 1)[0] ?? '';
    let decoded: string;
    try {
      decoded = decodeURIComponent(name).toLowerCase();
    } catch {
      return false;
    }
    if (!MAIL_FIELDS.has(decoded)) return false;
  }
  return true;
}
