// The gate's sounds, synthesised with WebAudio so the page ships no audio files: one short high beep to
// pass, two for "see staff", three low ones for an alarm, one long low buzz for an invalid card.
import type { SoundCue } from '../../domain/decisions.ts';

type Beep = { hz: number; ms: number; gap: number };

const PATTERNS: Record<SoundCue, Beep[]> = {
  pass: [{ hz: 1400, ms: 120, gap: 0 }],
  see_staff: [{ hz: 880, ms: 160, gap: 120 }, { hz: 880, ms: 160, gap: 0 }],
  alarm: [{ hz: 440, ms: 260, gap: 120 }, { hz: 440, ms: 260, gap: 120 }, { hz: 440, ms: 260, gap: 0 }],
  card_invalid: [{ hz: 330, ms: 700, gap: 0 }],
};

let context: AudioContext | null = null;

/** Plays a cue; started from a key press or click, which is what lets a browser make sound. */
export function play(cue: SoundCue): void {
  try {
    context ??= new AudioContext();
    let at = context.currentTime + 0.02;
    for (const beep of PATTERNS[cue]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = beep.hz;
      // A short ramp at each end, so the beep does not click.
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.15, at + 0.01);
      gain.gain.setValueAtTime(0.15, at + beep.ms / 1000 - 0.01);
      gain.gain.linearRampToValueAtTime(0, at + beep.ms / 1000);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + beep.ms / 1000);
      at += (beep.ms + beep.gap) / 1000;
    }
  } catch {
    // No audio (a locked-down kiosk browser): the display still shows the decision.
  }
}
