/** The call's short sounds (joins, leaves, hands, chat) and the speaker test, made with Web Audio at run time. */
export { sounds, createSoundPlayer, type SoundPlayer, type SoundContext } from './sound-player';
export { toneDuration, type SoundKind } from './tones';
