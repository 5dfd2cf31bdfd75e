/** The only URLs the app hands to the OS: web pages over https, and mail drafts. */
export function isAllowedExternalUrl(input: string): boolean {
  if (input.length > 2048 || /[^\u0021-\u007e]/.test(input)) return false;
  if (/^mailto:[^/\\]/i.test(input)) return true;
  // No credentials, no backslashes (some parsers treat them as '/'), a non-empty host.
  return /^https:\/\/[a-z0-9.-]+(:\d{1,5})?([/?#][^\\]*)?$/i.test(input);
}
