import { describe, expect, it } from 'vitest';
import * as e2ee from './index';

describe('renderer/e2ee integration surface', () => {
  it('exports exactly what the call integration relies on', () => {
    expect(Object.keys(e2ee).sort()).toEqual([
      'E2EE_DATA_TOPIC',
      'KeyExchange',
      'KeyExchangeEvent',
      'MAX_DISPLAY_NAME',
      'MAX_MESSAGE_TEXT',
      'RoomKeys',
      'SEALROOM_KEY_PROVIDER_OPTIONS',
      'SealroomKeyProvider',
      'TypedEvents',
      'defenceOn',
      'guardE2eeWorker',
      'normalizeDisplayName',
      'requestDecodeCounts',
      'startE2eeSession',
    ]);
    expect(Object.values(e2ee.KeyExchangeEvent).sort()).toEqual([
      'deliveryRecovered',
      'deliveryStalled',
      'keyForSender',
      'memberResponsive',
      'memberUnresponsive',
      'memberUnverified',
      'memberVerified',
      'message',
      'messageDelivered',
      'messageUndelivered',
      'ownKeyChanged',
      'protocolError',
      'protocolViolation',
      'securityCode',
    ]);
  });
});
