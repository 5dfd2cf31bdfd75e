import { describe, expect, it } from 'vitest';
import { updateView } from './update-view';

describe('updateView', () => {
  it('offers Download for an available version, then shows progress, then Restart to update', () => {
    expect(updateView({ state: 'available', version: '1.4.0' })).toMatchObject({ message: 'Sealroom 1.4.0 is available.', action: { kind: 'download', label: 'Download' } });
    expect(updateView({ state: 'downloading', version: '1.4.0', percent: 41.6 })).toMatchObject({ message: 'Downloading Sealroom 1.4.0… 42%', percent: 41.6, action: null });
    expect(updateView({ state: 'ready', version: '1.4.0' })).toMatchObject({ action: { kind: 'install', label: 'Restart to update' } });
  });

  it('says a restart asked for during a call waits for the call to end', () => {
    expect(updateView({ state: 'deferred', version: '1.4.0' })).toMatchObject({ message: 'Sealroom will restart to install 1.4.0 after this call.', action: null });
  });

  it('marks updates turned off by the organisation as managed, and offers nothing', () => {
    const message = 'Your organisation has turned off automatic updates for Sealroom.';
    expect(updateView({ state: 'disabled', managed: true, message })).toEqual({ message, action: null, percent: null, tone: 'managed' });
    expect(updateView({ state: 'disabled', managed: false, message: 'Updates are turned off in Settings.' })).toMatchObject({ tone: 'info', action: null });
  });

  it('passes on the not-supported and error messages, and lets the user retry after an error', () => {
    expect(updateView({ state: 'not-supported', installer: 'msi', message: 'Deploy the next MSI.' })).toMatchObject({ message: 'Deploy the next MSI.', action: null });
    expect(updateView({ state: 'error', message: 'Nothing was changed.' })).toMatchObject({ tone: 'error', action: { kind: 'check' } });
  });
});
