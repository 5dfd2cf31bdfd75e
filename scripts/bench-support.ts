import type { Browser } from '@playwright/test';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/**
 * CPU time of every renderer process over a window, in cores (1 = one core busy): all threads count, so video
 * decoding and the E2EE worker are included, which main-thread metrics would miss.
 */
export async function rendererCpu(browser: Browser, wait: (ms: number) => Promise<void>, seconds: number): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const total = async () => {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; cpuTime: number }> };
    return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
  };
  const before = await total();
  await wait(seconds * 1000);
  const cpu = ((await total()) - before) / seconds;
  await cdp.detach();
  return cpu;
}
