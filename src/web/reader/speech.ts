// The gate's spoken prompt: the decision's Chinese text, then its English one, as Beijing gates spoke
// them, with the Web Speech API. A browser without it, or without a voice for either language, says so by
// returning false, and the page plays the tones instead.
import type { Message } from '../../domain/errors.ts';

/** Chrome fills the voice list late (after `voiceschanged`), so it is kept up to date rather than read once per tap. */
let voices: SpeechSynthesisVoice[] = [];

function synth(): SpeechSynthesis | undefined {
  return typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined' ? undefined : speechSynthesis;
}

const engine = synth();
if (engine) {
  voices = engine.getVoices();
  engine.addEventListener('voiceschanged', () => {
    voices = engine.getVoices();
  });
}

/** The first voice for a language ("zh" matches zh-CN before zh-TW/zh-HK; "en" any English). */
function voiceFor(prefix: 'zh' | 'en'): SpeechSynthesisVoice | undefined {
  const ofLang = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').startsWith(prefix));
  return ofLang.find((v) => /^zh-cn/i.test(v.lang)) ?? ofLang[0];
}

/**
 * The words as a voice should say them: a phone number digit by digit ("0 1 0, 9 6 0 6 6"), which voices
 * otherwise read as an amount ("ninety-six thousand…") or a subtraction.
 * @example speakable('客服热线 010-96066') === '客服热线 0 1 0, 9 6 0 6 6'
 */
export function speakable(words: string): string {
  return words.replace(/\d+(?:-\d+)+/g, (phone) => phone.split('-').map((group) => [...group].join(' ')).join(', '));
}

/**
 * Speaks `text.zh` then `text.en`, cutting short what the previous tap was still saying. Queues the
 * utterances and returns at once: the browser speaks them while the tap path goes on.
 * @example if (!speak(describeDecision(decision))) play(cue.sound)
 */
export function speak(text: Message): boolean {
  const s = synth();
  if (!s) return false;
  const zh = voiceFor('zh');
  const en = voiceFor('en');
  if (!zh && !en) return false;
  s.cancel();
  for (const [voice, lang, words] of [[zh, 'zh-CN', text.zh], [en, 'en', text.en]] as const) {
    if (!voice) continue;
    const utterance = new SpeechSynthesisUtterance(speakable(words));
    utterance.lang = lang;
    utterance.voice = voice;
    s.speak(utterance);
  }
  return true;
}

/** Stops speaking at once (the display was muted). */
export function hush(): void {
  synth()?.cancel();
}
