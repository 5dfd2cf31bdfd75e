import { randomBytes } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';

export function newRoomLink(serverUrl: string, e2ee = true): string {
  const room = randomBytes(16).toString('base64url');
  return `${serverUrl}/r/${room}#${e2ee ? `v1.${randomBytes(32).toString('base64url')}` : 'v1.off'}`;
}

/** A fresh browser context per participant: its own storage, devices and connection, like a separate machine. */
export async function openParticipant(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

export async function joinThroughLobby(page: Page, link: string, name: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('lobby-screen')).toBeVisible();
  await page.getByTestId('display-name').fill(name);
  await page.getByTestId('join-call').click();
  await expect(page.getByTestId('call-view')).toBeVisible();
}

/** Each name joins the link from its own browser context, in order. */
export async function joinAll(browser: Browser, link: string, names: string[]): Promise<Page[]> {
  const pages: Page[] = [];
  for (const name of names) {
    const page = await openParticipant(browser);
    await joinThroughLobby(page, link, name);
    pages.push(page);
  }
  return pages;
}

/** Two people join the link, each from their own browser context. */
export async function joinPair(browser: Browser, link: string, first: string, second: string): Promise<[Page, Page]> {
  const [a, b] = await joinAll(browser, link, [first, second]);
  return [a!, b!];
}

/** Every participant sees everyone, and every other participant's video is decoding. */
export async function expectEveryoneSeesEveryone(pages: Page[], names: string[]): Promise<void> {
  for (const [i, page] of pages.entries()) {
    await expect(page.getByTestId('participant-tile')).toHaveCount(names.length);
    for (const other of names.filter((_, j) => j !== i)) await expectVideoFlowing(page, other);
  }
}

export function tileOf(page: Page, name: string) {
  return page.getByTestId('participant-tile').filter({ hasText: name });
}

/** Frames the remote tile's <video> has decoded and presented so far. */
export async function framesDecoded(page: Page, name: string): Promise<number> {
  return tileOf(page, name)
    .locator('video')
    .evaluate((video: HTMLVideoElement) => video.getVideoPlaybackQuality().totalVideoFrames)
    .catch(() => 0);
}

export async function expectVideoFlowing(page: Page, name: string): Promise<void> {
  await expect.poll(() => framesDecoded(page, name), { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await framesDecoded(page, name);
  await expect.poll(() => framesDecoded(page, name), { timeout: 15_000 }).toBeGreaterThan(before + 5);
}

/** Loudest level among the <audio> elements LiveKit renders, measured with WebAudio: what the user would hear. */
export async function remoteAudioLevel(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const elements = [...document.querySelectorAll('audio')].filter((a) => a.srcObject instanceof MediaStream);
    if (elements.length === 0) return 0;
    const context = new AudioContext();
    const analysers = elements.map((audio) => {
      const analyser = context.createAnalyser();
      context.createMediaStreamSource(audio.srcObject as MediaStream).connect(analyser);
      return analyser;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    let peak = 0;
    for (const analyser of analysers) {
      const data = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(data);
      for (const sample of data) peak = Math.max(peak, Math.abs(sample));
    }
    await context.close();
    return peak;
  });
}
