// Bundled into a Playwright init script (e2e/support/fake-desktop.ts): runs before the app, in the page, and gives
// the web build what only the desktop has — a managed policy, and no server of its own — by setting the bridge
// the app picks up (`window.sealroom`, as the preload would). Everything else is the real web bridge.
import './zod-jitless';
import { browserEnv } from '../../renderer/bridge/browser-env';
import { createWebBridge } from '../../renderer/bridge/web-bridge';
import { ok } from '../../shared/ipc/result';
import { managedKeysOf, PolicySchema } from '../../shared/policy';

interface FakeDesktop {
  policy: unknown;
  defaultServer: string | null;
}

const fake = (window as unknown as { __sealroomFakeDesktop: FakeDesktop }).__sealroomFakeDesktop;
const policy = PolicySchema.parse(fake.policy);
const web = createWebBridge(browserEnv(window));

Object.defineProperty(window, 'sealroom', {
  value: {
    ...web,
    async getAppInfo() {
      const info = await web.getAppInfo();
      return info.ok ? ok({ ...info.data, defaultServer: fake.defaultServer }) : info;
    },
    getPolicy: async () => ok({ policy, managedKeys: managedKeysOf(policy), sources: ['e2e: fake policy'], issues: [] }),
  },
});
