import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MediaAccess } from '../../shared/ipc/channels';
import { MediaAccessNotice } from './MediaAccessNotice';

const access = (camera: MediaAccess['camera']): MediaAccess => ({ camera, microphone: 'granted', screen: 'granted' });
const render = (props: Partial<Parameters<typeof MediaAccessNotice>[0]>) =>
  renderToStaticMarkup(<MediaAccessNotice kind="camera" access={access('denied')} platform="darwin" onOpenSettings={() => undefined} settingsError={null} {...props} />);

describe('media access notice', () => {
  it('says the system blocks the device and offers the right settings page', () => {
    expect(render({})).toContain('Your system blocks Sealroom from using the camera');
    expect(render({})).toContain('Open Privacy &amp; Security settings');
    expect(render({ platform: 'win32' })).toContain('Open Windows privacy settings');
  });

  it('shows nothing when allowed or undecided, and no button where there is no page or the device is restricted', () => {
    expect(render({ access: access('granted') })).toBe('');
    expect(render({ access: access('not-determined') })).toBe('');
    expect(render({ access: null })).toBe('');
    expect(render({ platform: 'linux' })).not.toContain('<button');
    expect(render({ access: access('restricted') })).toContain('Ask your IT team');
    expect(render({ access: access('restricted') })).not.toContain('<button');
  });
});
