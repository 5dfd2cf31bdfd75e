import { useParticipants, useRoomContext } from '@livekit/components-react';
import { version as sdkVersion, protocolVersion } from 'livekit-client';
import { useEffect, useId, useState } from 'react';
import { useSessionStore } from './CallSessionContext';

function time(at: Date | number | undefined): string {
  return at ? new Date(at).toLocaleTimeString() : 'unknown';
}

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * What this call exposes to whoever runs the server, from this device's point of view: the metadata it cannot avoid
 * seeing, and, for an encrypted call, what stays out of its reach.
 */
export function ServerViewPanel({ startedAt }: { startedAt: number }) {
  const room = useRoomContext();
  const participants = useParticipants();
  const e2ee = useSessionStore('trust', (state) => state.e2ee);
  const members = useSessionStore('trust', (state) => state.members);
  const [now, setNow] = useState(() => Date.now());
  const id = useId();
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <aside className="panel server-view" aria-labelledby={`${id}-title`} data-testid="server-view-panel">
      <h2 id={`${id}-title`}>What the server sees</h2>
      <p className="field-hint">
        {e2ee
          ? 'Audio, video, screen shares, chat, reactions, raised hands and names are end-to-end encrypted: the server forwards them but cannot read them. It does see the following.'
          : 'This call is not end-to-end encrypted: the server can access its audio, video, screen shares and chat, as well as the following.'}
      </p>
      <dl className="facts">
        <dt>Room</dt>
        <dd>
          <code>{room.name}</code> (random, not derived from the key)
        </dd>
        <dt>Call time</dt>
        <dd>
          you joined at {new Date(startedAt).toLocaleTimeString()}, {duration(now - startedAt)} ago
        </dd>
        <dt>Your software</dt>
        <dd>
          livekit-client {sdkVersion} (protocol {protocolVersion}), and your browser's user agent: <code>{navigator.userAgent}</code>
        </dd>
        <dt>Network</dt>
        <dd>your IP address, when you speak (audio levels), when you mute, and the size and timing of packets</dd>
      </dl>
      <table className="server-participants">
        <caption>Participants as the server knows them</caption>
        <thead>
          <tr>
            <th scope="col">Identity</th>
            <th scope="col">Name sent</th>
            <th scope="col">Joined</th>
            <th scope="col">Encryption</th>
          </tr>
        </thead>
        <tbody>
          {participants.map((participant) => (
            <tr key={participant.identity} data-testid="server-view-row">
              <td>
                <code>{participant.identity}</code>
                {participant.isLocal ? ' (you)' : ''}
              </td>
              <td>{participant.name ? participant.name : <em>none</em>}</td>
              <td>{participant.isLocal ? time(startedAt) : time(participant.joinedAt)}</td>
              <td data-testid="server-view-e2ee">
                {!e2ee ? 'none' : participant.isLocal || members[participant.identity]?.verified ? 'verified, encrypted' : 'NOT verified: receives no keys'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
