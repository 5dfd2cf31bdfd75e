import type { BrowserContext, Page } from '@playwright/test';

/** What a page sends: for each RTCRtpSender of a kind, whether its track is one getUserMedia captured. */
export interface SentTrack {
  id: string;
  /** The camera or microphone track itself (no processing in between). */
  captured: boolean;
  /** A MediaStreamTrackGenerator: frames written by a processor (the background effect). */
  generated: boolean;
  readyState: string;
}

declare global {
  interface Window {
    __sealroomMedia?: { sent(kind: 'audio' | 'video'): SentTrack[] };
  }
}

/**
 * Records, from the page's first script on, every track getUserMedia returns and every RTCPeerConnection made, so
 * a test can tell whether what is being sent is the raw capture or a processed track.
 */
export async function recordSentMedia(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const captured = new WeakSet<MediaStreamTrack>();
    const connections: RTCPeerConnection[] = [];
    const media = navigator.mediaDevices;
    const getUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      for (const track of stream.getTracks()) captured.add(track);
      return stream;
    };
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        connections.push(this);
      }
    };
    const Generator = (window as unknown as { MediaStreamTrackGenerator?: new () => MediaStreamTrack }).MediaStreamTrackGenerator;
    window.__sealroomMedia = {
      sent: (kind) =>
        connections
          .filter((pc) => pc.connectionState !== 'closed')
          .flatMap((pc) => pc.getSenders())
          .map((sender) => sender.track)
          .filter((track): track is MediaStreamTrack => track !== null && track.kind === kind && track.readyState === 'live')
          .map((track) => ({ id: track.id, captured: captured.has(track), generated: Generator !== undefined && track instanceof Generator, readyState: track.readyState })),
    };
  });
}

export async function sentTracks(page: Page, kind: 'audio' | 'video'): Promise<SentTrack[]> {
  return page.evaluate((k) => window.__sealroomMedia?.sent(k) ?? [], kind);
}

/** A summary for expect.poll: 'processed' when every live sender of that kind sends a processed track. */
export async function sending(page: Page, kind: 'audio' | 'video'): Promise<'raw' | 'processed' | 'generated' | 'nothing' | 'mixed'> {
  const tracks = await sentTracks(page, kind);
  if (tracks.length === 0) return 'nothing';
  if (tracks.every((t) => t.captured)) return 'raw';
  if (tracks.every((t) => t.generated)) return 'generated';
  if (tracks.every((t) => !t.captured)) return 'processed';
  return 'mixed';
}

/**
 * Lets only this machine be reached: any request to another host fails and is recorded (WebSockets are not
 * routed by Playwright; the app's signalling goes to the loopback server the test started).
 */
export async function blockAllButLoopback(context: BrowserContext): Promise<{ blocked: string[]; loopback: string[] }> {
  const record = { blocked: [] as string[], loopback: [] as string[] };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    if (['127.0.0.1', '[::1]', '::1'].includes(url.hostname)) {
      record.loopback.push(url.pathname);
      return route.continue();
    }
    record.blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return record;
}
