import { SessionDescription, TrackInfo, TrackType } from '@livekit/protocol';
import { RTCPeerConnection } from 'werift';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { startLoopbackStun, type LoopbackStun } from './loopback-stun';
import { PublishedTrack } from './published-track';
import type { Signal } from './signalling-session';
import { SubscriberPeer } from './subscriber-peer';

let stun: LoopbackStun;
const closing: (() => unknown)[] = [];

beforeEach(async () => {
  stun = await startLoopbackStun();
});

afterEach(async () => {
  for (const close of closing.splice(0)) await close();
  await stun.close();
});

/** A subscriber connection answered by a werift client, with every offer it was sent. */
function subscriberWithClient(): { peer: SubscriberPeer; offers: SessionDescription[]; settled: () => Promise<void> } {
  const offers: SessionDescription[] = [];
  const client = new RTCPeerConnection({ iceServers: [] });
  let answering = Promise.resolve();
  const signal: Signal = (message) => {
    if (message.case !== 'offer') return;
    const offer = message.value;
    offers.push(offer);
    answering = answering.then(async () => {
      await client.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      await client.setLocalDescription(await client.createAnswer());
      await peer.accept(new SessionDescription({ type: 'answer', sdp: client.localDescription!.sdp, id: offer.id }));
    });
  };
  const context = { network: { loopbackOnly: true, stunPort: stun.port }, log: silentLogger };
  const peer = new SubscriberPeer(context, { signal, connected: () => {}, failed: () => {}, findTrack: () => undefined });
  closing.push(() => peer.close(), () => client.close());
  // Waits until no offer is pending or about to be made.
  const settled = async () => {
    let seen = -1;
    while (seen !== offers.length) {
      seen = offers.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await answering;
    }
  };
  return { peer, offers, settled };
}

function track(sid: string, type: TrackType): PublishedTrack {
  return new PublishedTrack(new TrackInfo({ sid, type, name: sid }), sid, { demandChanged: () => {} });
}

const mediaSections = (sdp: string) => sdp.split('\r\n').filter((line) => line.startsWith('m=audio') || line.startsWith('m=video')).length;

describe('SubscriberPeer', () => {
  it('offers subscriptions asked for a moment apart (audio, then video once its tile shows) together, in one offer', async () => {
    const { peer, offers, settled } = subscriberWithClient();
    await peer.start();
    await settled();
    const before = offers.length;
    peer.add('PA_member', track('TR_audio', TrackType.AUDIO), true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    peer.add('PA_member', track('TR_video', TrackType.VIDEO), true);
    await settled();
    const after = offers.slice(before);
    expect(after, 'offers made for the two subscriptions').toHaveLength(1);
    expect(mediaSections(after[0]!.sdp)).toBe(2);
    expect(Object.values(after[0]!.midToTrackId).sort()).toEqual(['TR_audio', 'TR_video']);
  });

  it('still offers a later change on its own once the client answered', async () => {
    const { peer, offers, settled } = subscriberWithClient();
    await peer.start();
    await settled();
    peer.add('PA_member', track('TR_audio', TrackType.AUDIO), true);
    await settled();
    const before = offers.length;
    peer.add('PA_member', track('TR_video', TrackType.VIDEO), true);
    await settled();
    expect(offers.length - before).toBe(1);
    expect(mediaSections(offers.at(-1)!.sdp)).toBe(2);
  });
});
