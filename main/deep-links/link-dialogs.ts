import type { RoomLink } from '../../shared/room-link';

/** The slice of Electron's dialog.showMessageBox these questions need. */
export interface MessageBoxOptionsLike {
  type: 'question' | 'warning' | 'info' | 'error';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  checkboxLabel?: string;
  noLink: true;
}
export type ShowMessageBox = (options: MessageBoxOptionsLike) => Promise<{ response: number; checkboxChecked: boolean }>;

/** Native questions for links that arrive from outside the app; the host is shown, the key never is. */
export function createLinkDialogs(show: ShowMessageBox) {
  return {
    async confirmHost(link: RoomLink): Promise<{ join: boolean; remember: boolean }> {
      const { response, checkboxChecked } = await show({
        type: 'question',
        title: 'Join a call on another server?',
        message: `Join a call on ${link.host}?`,
        detail:
          'A link opened Sealroom with a call on a server you have not used from this app before. Join only if you trust whoever sent it; nothing is shared until you join from the lobby.',
        buttons: ['Continue to lobby', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        checkboxLabel: `Always allow links to ${link.host}`,
        noLink: true,
      });
      return { join: response === 0, remember: response === 0 && checkboxChecked };
    },
    async confirmLeaveCall(link: RoomLink): Promise<boolean> {
      const { response } = await show({
        type: 'question',
        title: 'You are in a call',
        message: 'Leave this call to open the link?',
        detail: `The link is for another call on ${link.host}. Stay to keep talking, or leave and go to the new call's lobby.`,
        buttons: ['Stay in this call', 'Leave and open link'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      return response === 1;
    },
    async tellUser(message: string): Promise<void> {
      await show({ type: 'warning', title: 'Link not opened', message: 'Sealroom did not open that link.', detail: message, buttons: ['OK'], defaultId: 0, cancelId: 0, noLink: true });
    },
  };
}
