import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { managedKeysOf, type Policy, type PolicyIssue } from '../../shared/policy';
import type { UpdateStatus } from '../../shared/updates';
import { NewCallCard } from '../home/NewCallCard';
import { PolicySection } from './PolicySection';
import { UpdatesSection } from './UpdatesSection';

const SOURCE = '/etc/sealroom/policy.json';
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
    const html = renderToStaticMarkup(<NewCallCard serverOrigin="https://meet.example.com" policy={{ requireE2EE: true }} onStart={() => undefined} />);
    expect(html).toMatch(/<input type="checkbox" data-testid="new-call-e2ee" [^>]*disabled=""/);
    expect(html).toMatch(/<input type="checkbox" data-testid="new-call-e2ee" [^>]*checked=""/);
    expect(html).toContain('Required by your organisation');
    const free = renderToStaticMarkup(<NewCallCard serverOrigin="https://meet.example.com" policy={{}} onStart={() => undefined} />);
    expect(free).not.toContain('disabled=""');
    expect(free).not.toContain('policy-lock');
  });
});
