// Test page for the screen-share pieces the call screen mounts: the real ScreenShareControls (picker, preview,
// "You are sharing" bar) over the real web bridge, publishing into a log instead of a LiveKit room.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../renderer/styles.css';
import { ScreenShareControls } from '../../renderer/screen-share/ScreenShareControls';
import type { SharedTracks } from '../../renderer/screen-share/useScreenShare';

const harness = window as unknown as { sharedVideo?: MediaStreamTrack };

function Harness() {
  const [log, setLog] = useState<string[]>([]);
  const add = (line: string) => setLog((lines) => [...lines, line]);
  return (
    <main className="lobby">
      <ScreenShareControls
        onPublish={(tracks: SharedTracks) => {
          harness.sharedVideo = tracks.video;
          add(`published ${tracks.video.kind}${tracks.audio ? '+audio' : ''}`);
        }}
        onUnpublish={() => add('unpublished')}
      />
      <ul data-testid="harness-log">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Harness />);
