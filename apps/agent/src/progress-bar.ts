import type { BattleProgress } from '@garrison/sandbox';

const WIDTH = 30;

/** A one-line progress bar on a terminal; silent when the stream is not a TTY. */
export function progressBar(
  stream: NodeJS.WriteStream,
  tickLimit: number,
): { update(progress: BattleProgress): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  return {
    update({ round, rounds, tick, roundOver }) {
      // Rounds often end early; a finished round counts as whole.
      const roundShare = roundOver ? 1 : Math.min(tick, tickLimit) / tickLimit;
      const fraction = Math.min(1, (round - 1 + roundShare) / rounds);
      const filled = Math.round(fraction * WIDTH);
      stream.write(
        `\r  round ${round}/${rounds} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${Math.round(fraction * 100)}%  tick ${tick}   `,
      );
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
