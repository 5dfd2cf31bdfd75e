import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type MenuItemTemplate } from './app-menu';
import { createReloadGuard } from './reload-guard';

const noop = { checkForUpdates() {}, showLogsFolder() {}, exportDiagnostics() {}, reload() {}, toggleDevTools() {} };
const flatten = (items: MenuItemTemplate[]): MenuItemTemplate[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
const labelled = (items: MenuItemTemplate[]) => flatten(items).map((item) => item.label ?? item.role ?? item.type);

describe('application menu', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('on %s, packaged: no reload or developer tools, an Edit menu with every editing role, About, updates, logs, diagnostics', (platform) => {
    const items = labelled(appMenuTemplate({ platform, isPackaged: true, appName: 'Sealroom', actions: noop }));
    expect(items.filter((label) => /reload|developer|devtools/i.test(String(label)))).toEqual([]);
    expect(items).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'about', 'Check for Updates…', 'Show Logs Folder', 'Export Diagnostics…']));
    expect(flatten(appMenuTemplate({ platform, isPackaged: true, appName: 'Sealroom', actions: noop })).filter((item) => item.accelerator)).toEqual([]);
  });

  it('unpackaged keeps View → Reload, Force Reload and the developer tools, through actions that can ask first', () => {
    const calls: string[] = [];
    const actions = { ...noop, reload: (kind: string) => calls.push(kind), toggleDevTools: () => calls.push('devtools') };
    const view = appMenuTemplate({ platform: 'linux', isPackaged: false, appName: 'Sealroom', actions }).find((item) => item.label === 'View')!;
    expect(view.submenu!.slice(0, 3).map((item) => [item.label, item.accelerator])).toEqual([
      ['Reload', 'CmdOrCtrl+R'],
      ['Force Reload', 'CmdOrCtrl+Shift+R'],
      ['Toggle Developer Tools', 'Ctrl+Shift+I'],
    ]);
    view.submenu!.slice(0, 3).forEach((item) => item.click!());
    expect(calls).toEqual(['reload', 'force-reload', 'devtools']);
  });

  it('macOS has its app menu first, named after the app', () => {
    const [first] = appMenuTemplate({ platform: 'darwin', isPackaged: true, appName: 'Sealroom', actions: noop });
    expect(first!.label).toBe('Sealroom');
    expect(first!.submenu!.map((item) => item.role ?? item.label ?? item.type)).toContain('quit');
  });
});

describe('reload guard', () => {
  const setup = (inCall: boolean, answer: number) => {
    const done: string[] = [];
    const asked: string[] = [];
    const reload = createReloadGuard({
      target: () => ({ reload: () => done.push('reload'), reloadIgnoringCache: () => done.push('force') }),
      isInCall: () => inCall,
      showMessageBox: async (options) => (asked.push(options.message), { response: answer }),
    });
    return { reload, done, asked };
  };

  it('reloads at once outside a call', async () => {
    const { reload, done, asked } = setup(false, 1);
    await expect(reload('force-reload')).resolves.toBe(true);
    expect(done).toEqual(['force']);
    expect(asked).toEqual([]);
  });

  it('asks during a call, and stays when the user says so', async () => {
    const stay = setup(true, 1);
    await expect(stay.reload('reload')).resolves.toBe(false);
    expect(stay.asked).toEqual(['Reload Sealroom and leave the call?']);
    expect(stay.done).toEqual([]);
    const leave = setup(true, 0);
    await expect(leave.reload('reload')).resolves.toBe(true);
    expect(leave.done).toEqual(['reload']);
  });
});
