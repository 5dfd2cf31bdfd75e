import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { managedKeysOf, type Policy, type PolicyIssue } from '../../shared/policy';
import type { UpdateStatus } from '../../shared/updates';
import { meetingServerChoice } from '../app/meeting-server';
import { NewCallCard } from '../home/NewCallCard';
import { MeetingServerSection } from './MeetingServerSection';
import { PolicySection } from './PolicySection';
import { UpdatesSection } from './UpdatesSection';

const SOURCE = '/etc/sealroom/policy.json';
const SERVER = { origin: 'https://meet.example.com', source: 'setting' } as const;
const policySection = (policy: Policy, issues: PolicyIssue[] = []) =>
  renderToStaticMarkup(<PolicySection policyState={{ policy, managedKeys: managedKeysOf(policy), sources: [SOURCE], issues }} />);
const updates = (status: UpdateStatus) => renderToStaticMarkup(<UpdatesSection status={status} run={async () => null} />);

describe('settings: managed by your organisation', () => {
  it('shows nothing on an unmanaged computer', () => {
    expect(policySection({})).toBe('');
  });

  it('locks every managed value and shows it', () => {
    const html = policySection({ defaultServer: 'https://meet.example.com', requireE2EE: true, updateMode: 'off', telemetry: 'off' });
    expect(html.match(/data-testid="policy-lock"/g)).toHaveLength(4);
    expect(html).toContain('https://meet.example.com');
    expect(html).toContain('Set by your organisation');
    expect(html).not.toContain('role="alert"');
  });

  it('shows a strict issue as an error with its source, and an ignored key as a quiet note', () => {
    const html = policySection({ updateMode: 'off' }, [
      { key: 'updateMode', source: SOURCE, outcome: 'strict', message: 'Policy "updateMode" is invalid (invalid value); using the safe value instead.' },
      { key: 'colour', source: SOURCE, outcome: 'ignored', message: 'Unknown policy "colour" was ignored.' },
    ]);
    expect(html).toMatch(/<div class="banner-danger" role="alert" data-testid="policy-issues-strict">.*Policy &quot;updateMode&quot; is invalid.*\/etc\/sealroom\/policy\.json/);
    expect(html).toMatch(/data-testid="policy-issues-ignored"><p>Unknown policy &quot;colour&quot; was ignored\./);
  });
});

describe('settings: updates', () => {
  it('offers the next step for the current update state', () => {
    expect(updates({ state: 'available', version: '1.5.0' })).toContain('data-testid="updates-download"');
    expect(updates({ state: 'downloading', version: '1.5.0', percent: 30 })).toMatch(/<progress[^>]*value="30"/);
    expect(updates({ state: 'ready', version: '1.5.0' })).toContain('Restart to update');
    expect(updates({ state: 'disabled', managed: true, message: 'Your organisation has turned off automatic updates for Sealroom.' })).toMatch(
      /turned off automatic updates.*policy-lock/,
    );
    expect(updates({ state: 'deferred', version: '1.5.0' })).not.toContain('<button');
  });
});

describe('new call under policy', () => {
  it('keeps encryption on, disabled and labelled when the organisation requires it', () => {
    const html = renderToStaticMarkup(<NewCallCard server={SERVER} policy={{ requireE2EE: true }} onStart={() => undefined} onOpenServerSetting={() => undefined} />);
    expect(html).toMatch(/<input type="checkbox" data-testid="new-call-e2ee" [^>]*disabled=""/);
    expect(html).toMatch(/<input type="checkbox" data-testid="new-call-e2ee" [^>]*checked=""/);
    expect(html).toContain('Required by your organisation');
    const free = renderToStaticMarkup(<NewCallCard server={SERVER} policy={{}} onStart={() => undefined} onOpenServerSetting={() => undefined} />);
    expect(free).not.toContain('disabled=""');
    expect(free).toContain('On https://meet.example.com');
    expect(free).not.toContain('policy-lock');
  });
});

describe('settings: meeting server', () => {
  const render = (policy: Policy, meetingServer: string | null, builtIn: string | null) => {
    const server = meetingServerChoice(policy, { meetingServer }, builtIn);
    return renderToStaticMarkup(<MeetingServerSection server={server} builtIn={builtIn} autoFocus={false} save={async () => true} />);
  };

  it('is locked, read-only and shows the policy value when the organisation sets defaultServer', () => {
    const html = render({ defaultServer: 'https://meet.corp.example' }, 'https://mine.example', null);
    expect(html).toMatch(/<input[^>]*readOnly=""[^>]*value="https:\/\/meet\.corp\.example"/);
    expect(html).toContain('data-testid="policy-lock"');
    expect(html).toContain('Your organisation chose this server');
    expect(html).not.toContain('settings-meeting-server-save');
  });

  it("shows the user's server, else the built-in suggestion, else says none is set", () => {
    expect(render({}, 'https://mine.example', 'http://127.0.0.1:7880')).toMatch(/value="https:\/\/mine\.example"[^>]*>.*Leave it empty to go back to http:\/\/127\.0\.0\.1:7880/);
    expect(render({}, null, 'http://127.0.0.1:7880')).toContain('Suggested by this copy of Sealroom');
    const none = render({}, null, null);
    expect(none).toContain('Not set: New call needs one.');
    expect(none).not.toContain('policy-lock');
  });
});
