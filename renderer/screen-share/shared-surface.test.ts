import { describe, expect, it } from 'vitest';
import { describeShareError, describeSharedSurface } from './shared-surface';

class FakeDomError extends Error {
  constructor(name: string) {
    super(name);
    this.name = name;
  }
}

describe('shared surface names', () => {
  it('uses the exact source on the desktop and the surface kind in a browser', () => {
    expect(describeSharedSurface('electron', { name: 'Quarterly report.pdf', kind: 'window' }, 'window')).toBe('Quarterly report.pdf');
    expect(describeSharedSurface('electron', { name: '', kind: 'screen' }, undefined)).toBe('your screen');
    expect(describeSharedSurface('web', { name: 'Entire screen', kind: 'screen' }, 'monitor')).toBe('your entire screen');
    expect(describeSharedSurface('web', null, 'browser')).toBe('a browser tab');
    expect(describeSharedSurface('web', null, undefined)).toBe('your screen');
  });

  it('treats a cancel as no error and explains real failures', () => {
    expect(describeShareError(new FakeDomError('NotAllowedError'))).toBeNull();
    expect(describeShareError(new FakeDomError('NotReadableError'))).toContain('Close other apps');
    expect(describeShareError('weird')).toContain('Try again');
  });
});
