import type { UpdateStatus } from '../../shared/updates';

export type UpdateAction = 'check' | 'download' | 'install';

export interface UpdateView {
  message: string;
  /** The one button the section offers, if any. */
  action: { kind: UpdateAction; label: string } | null;
  /** 0–100 while downloading. */
  percent: number | null;
  tone: 'info' | 'managed' | 'error';
}

/** What Settings → Updates says and offers for each update state. */
export function updateView(status: UpdateStatus | null): UpdateView {
  const view = (message: string, action: UpdateView['action'] = null, tone: UpdateView['tone'] = 'info'): UpdateView => ({ message, action, percent: null, tone });
  if (status === null) return view('Checking how this copy of Sealroom is updated…');
  switch (status.state) {
    case 'idle':
      return view('Sealroom checks for updates regularly.', { kind: 'check', label: 'Check for updates' });
    case 'disabled':
      return view(status.message, null, status.managed ? 'managed' : 'info');
    case 'not-supported':
      return view(status.message);
    case 'checking':
      return view('Checking for updates…');
    case 'up-to-date':
      return view('Sealroom is up to date.', { kind: 'check', label: 'Check again' });
    case 'available':
      return view(`Sealroom ${status.version} is available.`, { kind: 'download', label: 'Download' });
    case 'downloading':
      return { message: `Downloading Sealroom ${status.version}… ${Math.round(status.percent)}%`, action: null, percent: status.percent, tone: 'info' };
    case 'ready':
      return view(`Sealroom ${status.version} is ready to install.`, { kind: 'install', label: 'Restart to update' });
    case 'deferred':
      return view(`Sealroom will restart to install ${status.version} after this call.`);
    case 'error':
      return view(status.message, { kind: 'check', label: 'Try again' }, 'error');
  }
}
