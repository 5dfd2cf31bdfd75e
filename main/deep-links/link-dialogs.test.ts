import { describe, expect, it } from 'vitest';
import { parseRoomLink } from '../../shared/room-link';
import { createLinkDialogs, type MessageBoxOptionsLike } from './link-dialogs';

const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
const parsed = parseRoomLink(`sealroom://meet.example.com/r/AAECAwQFBgcICQoLDA0ODw#v1.${SECRET}`);
if (!parsed.ok) throw new Error('fixture link');
const link = parsed.value;

function dialogsAnswering(response: number, checkboxChecked = false) {
  const shown: MessageBoxOptionsLike[] = [];
  const dialogs = createLinkDialogs(async (options) => {
    shown.push(options);
    return { response, checkboxChecked };
  });
  return { dialogs, shown };
}

describe('link dialogs', () => {
  it('host question: Cancel is the default, "always allow" counts only with Continue, and the key is never shown', async () => {
    const cont = dialogsAnswering(0, true);
    await expect(cont.dialogs.confirmHost(link)).resolves.toEqual({ join: true, remember: true });
    expect(cont.shown[0]).toMatchObject({ message: 'Join a call on meet.example.com?', defaultId: 1, cancelId: 1 });
    expect(JSON.stringify(cont.shown)).not.toContain(SECRET);
    await expect(dialogsAnswering(1, true).dialogs.confirmHost(link)).resolves.toEqual({ join: false, remember: false });
  });

  it('mid-call question: staying is the default', async () => {
    const stay = dialogsAnswering(0);
    await expect(stay.dialogs.confirmLeaveCall(link)).resolves.toBe(false);
    expect(stay.shown[0]).toMatchObject({ defaultId: 0, cancelId: 0, buttons: ['Stay in this call', 'Leave and open link'] });
    await expect(dialogsAnswering(1).dialogs.confirmLeaveCall(link)).resolves.toBe(true);
  });
});
