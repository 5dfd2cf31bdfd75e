import { useEffect, useState } from 'react';

/** Live input level (0..1) of an audio track, for the lobby meter. */
export function useMicLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) {
      setLevel(0);
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS to a perceptual-ish 0..1 scale: -60 dBFS → 0, 0 dBFS → 1.
      const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-6);
      setLevel(Math.max(0, Math.min(1, (db + 60) / 60)));
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close();
    };
  }, [track]);
  return level;
}
