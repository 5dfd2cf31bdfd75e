import { Copy } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useSession, useSessionStore } from '../CallSessionContext';
import { nameFor } from '../participant-names';
import { startStatsSampler, type MemberStats } from './stats-sampler';
import { describeDecryption, describeStream, formatStatsText, sourceName } from './stats-text';
import './stats.css';

/** "Call statistics": per member and direction, refreshed each second from getStats, with a copy for support. */
export function CallStatsPanel() {
  const session = useSession();
  const trust = useSessionStore('trust', (state) => state);
  const [members, setMembers] = useState<MemberStats[] | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const room = session.room;
    if (!room) return;
    return startStatsSampler({ room, e2ee: session.link.e2ee, decodeCounts: () => session.decodeCounts(), encryptionErrors: () => session.encryptionErrors() }, setMembers);
  }, [session]);

  const nameOf = (member: MemberStats) => nameFor(trust, member.identity, session.room?.getParticipantByIdentity(member.identity)?.name, member.isLocal);
  const copy = () => {
    if (!members) return;
    navigator.clipboard
      .writeText(formatStatsText(members, nameOf, new Date()))
      .then(() => setCopied('Copied.'))
      .catch(() => setCopied('The clipboard refused: select the figures and copy them by hand.'));
  };

  return (
    <aside className="panel stats-panel" aria-labelledby={`${id}-title`} data-testid="stats-panel">
      <div className="stats-head">
        <h2 id={`${id}-title`}>Call statistics</h2>
        <button type="button" className="secondary" onClick={copy} disabled={!members} data-testid="stats-copy">
          <Copy aria-hidden="true" size={16} /> Copy
        </button>
      </div>
      <p className="field-hint" role="status">
        {copied ?? 'Refreshed every second.'}
      </p>
      {!members && <p className="field-hint">Reading the first figures…</p>}
      <div className="stats-members">
        {members?.map((member) => (
          <section key={member.identity} className="stats-member" aria-label={nameOf(member)} data-testid="stats-member" data-identity={member.identity}>
            <h3>
              {nameOf(member)}
              {member.isLocal ? ' (you)' : ''}
            </h3>
            {member.decryption && (
              <p className={`stats-decryption state-${member.decryption.state}`} data-testid="stats-decryption" data-identity={member.identity} data-state={member.decryption.state}>
                Frames: {describeDecryption(member.decryption)}
              </p>
            )}
            {member.streams.length === 0 && <p className="field-hint">No media.</p>}
            {member.streams.map((stream) => (
              <div
                key={stream.key}
                className="stats-stream"
                data-testid="stats-stream"
                data-identity={member.identity}
                data-source={stream.source}
                data-direction={stream.stats.direction}
                data-bitrate={stream.stats.bitrateKbps ?? ''}
              >
                <h4>
                  {sourceName(stream.source)}, {stream.stats.direction}
                </h4>
                <dl>
                  {describeStream(stream.stats).map(([label, value]) => (
                    <div key={label}>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
