import {
  builtinBot,
  directController,
  parseReplay,
  playBattleSync,
  ReplayRecorder,
  type Replay,
} from '@garrison/game';

/** A real, short replay from the shared engine: 2 rounds of at most 250 ticks, keyframe every 50. */
export function shortReplay(
  bots: string[] = ['tracker', 'sniper'],
  seed = 7,
  rulesVersion = 1,
): { text: string; replay: Replay } {
  const recorder = new ReplayRecorder();
  playBattleSync({
    seed,
    rounds: 2,
    rules: { tickLimit: 250, keyframeEvery: 50 },
    rulesVersion,
    participants: bots.map((name) => ({ name })),
    controllers: bots.map((name) => directController(builtinBot(name))),
    recorder,
  });
  const text = recorder.text();
  return { text, replay: parseReplay(text) };
}
