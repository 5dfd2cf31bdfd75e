import type { JoinChoices } from '../lobby/LobbyScreen';

export function CallScreen({ link, choices }: { link: string; choices: JoinChoices }) {
  return (
    <main data-testid="call-view" aria-label={`Call as ${choices.displayName}`}>
      {link.length > 0 ? null : null}
    </main>
  );
}
