import type { WebBridgeEnv, WebNotifications } from './web-bridge';

function pageNotifications(page: Window): WebNotifications | undefined {
  const Api = (page as Window & { Notification?: typeof Notification }).Notification;
  if (typeof Api !== 'function') return undefined;
  return {
    permission: () => Api.permission,
    requestPermission: () => Api.requestPermission(),
    show(title, body) {
      // Silent: the call plays its own sound.
      const notification = new Api(title, { body, silent: true });
      notification.onclick = () => {
        page.focus();
        notification.close();
      };
    },
  };
}

/** The tab's title carries the unread count ("(2) Sealroom"); an installed web app also gets the badge. */
function unreadShower(page: Window): (count: number) => void {
  const title = page.document.title;
  return (count) => {
    page.document.title = count > 0 ? `(${count}) ${title}` : title;
    const badge = count > 0 ? page.navigator.setAppBadge?.(count) : page.navigator.clearAppBadge?.();
    void badge?.catch(() => undefined);
  };
}

/** What the web bridge uses of the page it runs in. */
export function browserEnv(page: Window): WebBridgeEnv {
  return {
    storage: page.localStorage,
    location: page.location,
    history: page.history,
    open: (url) => void page.open(url, '_blank', 'noopener,noreferrer'),
    mediaDevices: page.navigator.mediaDevices,
    permissions: page.navigator.permissions,
    wakeLock: page.navigator.wakeLock,
    userAgent: page.navigator.userAgent,
    notifications: pageNotifications(page),
    showUnread: unreadShower(page),
    focus: () => page.focus(),
    download(fileName, text) {
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      const anchor = Object.assign(page.document.createElement('a'), { href: url, download: fileName });
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
