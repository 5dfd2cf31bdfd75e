/**
 * Sealroom's own application menu, the same shape on every OS (macOS adds its app menu). Electron's default menu
 * is never used: its View → Reload (Ctrl+R) ends a call and its developer tools have no place in an installed app.
 * Packaged builds have no Reload, Force Reload or Toggle Developer Tools; an unpackaged copy (`npm start`) keeps
 * them for developers, and its reload asks first during a call (`actions.reload`).
 */

/** The part of Electron's MenuItemConstructorOptions this menu uses, so the template is testable without Electron. */
export interface MenuItemTemplate {
  label?: string;
  role?:
    | 'about'
    | 'services'
    | 'hide'
    | 'hideOthers'
    | 'unhide'
    | 'quit'
    | 'close'
    | 'undo'
    | 'redo'
    | 'cut'
    | 'copy'
    | 'paste'
    | 'pasteAndMatchStyle'
    | 'delete'
    | 'selectAll'
    | 'resetZoom'
    | 'zoomIn'
    | 'zoomOut'
    | 'togglefullscreen'
    | 'minimize'
    | 'zoom'
    | 'front'
    | 'editMenu'
    | 'windowMenu'
    | 'help';
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface AppMenuActions {
  checkForUpdates(): void;
  showLogsFolder(): void;
  exportDiagnostics(): void;
  /** Reloads the window; asks first when a call is running. */
  reload(kind: 'reload' | 'force-reload'): void;
  toggleDevTools(): void;
}

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  appName: string;
  actions: AppMenuActions;
}

const separator: MenuItemTemplate = { type: 'separator' };

export function appMenuTemplate({ platform, isPackaged, appName, actions }: AppMenuOptions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const checkForUpdates: MenuItemTemplate = { label: 'Check for Updates…', click: () => actions.checkForUpdates() };
  const developer: MenuItemTemplate[] = isPackaged
    ? []
    : [
        { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => actions.reload('reload') },
        { label: 'Force Reload', accelerator: 'CmdOrCtrl+Shift+R', click: () => actions.reload('force-reload') },
        { label: 'Toggle Developer Tools', accelerator: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I', click: () => actions.toggleDevTools() },
        separator,
      ];

  return [
    ...(mac
      ? [
          {
            label: appName,
            submenu: [{ role: 'about' }, checkForUpdates, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
          } satisfies MenuItemTemplate,
        ]
      : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    // Roles, so cut/copy/paste and their shortcuts work in every text field (the link, the chat) on every OS.
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } satisfies MenuItemTemplate] : []),
        { role: 'delete' },
        separator,
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }] },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
    {
      role: 'help',
      label: 'Help',
      submenu: [
        ...(mac ? [] : [{ role: 'about' } satisfies MenuItemTemplate, checkForUpdates, separator]),
        { label: 'Show Logs Folder', click: () => actions.showLogsFolder() },
        { label: 'Export Diagnostics…', click: () => actions.exportDiagnostics() },
      ],
    },
  ];
}
