import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-url';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://sealroom.app/help',
    'https://a.example:8443/x?y#z',
    'mailto:it@example.com?subject=Hi',
    'mailto:it@example.com',
    'mailto:it@example.com?Subject=Hi&body=see%20attached&cc=a@example.com&bcc=b@example.com&to=c@example.com',
  ])('allows %s', (url) => {
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
    // attachments and other fields mail clients act on
    'mailto:it@example.com?attach=/home/me/.ssh/id_rsa',
    'mailto:it@example.com?subject=Hi&attachment=file:///etc/passwd',
    'mailto:it@example.com?body=x&Attach=~/Documents',
    'mailto:it@example.com?%61ttach=/etc/passwd',
    'mailto:it@example.com?subject=x;attach=/etc/passwd',
    'mailto:it@example.com?attachments=a',
    'mailto:it@example.com?x-mozilla-attach=a',
    'mailto:it@example.com?%E0=x',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
