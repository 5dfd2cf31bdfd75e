import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-url';

describe('isAllowedExternalUrl', () => {
  it.each(['https://sealroom.app/help', 'https://a.example:8443/x?y#z', 'mailto:it@example.com?subject=Hi'])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://a.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://share/x',
    'ms-settings:privacy-webcam',
    'https://user:pw@a.example/',
    'https://a.example\\@evil.example/',
    'https://a.example/ space',
    'https://',
    'mailto://x',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
