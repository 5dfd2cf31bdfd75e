// The app's E2EE worker: Sealroom's guards first (imports run in order), then livekit-client's worker.
import './install-guards-here';
import 'livekit-client/e2ee-worker';
