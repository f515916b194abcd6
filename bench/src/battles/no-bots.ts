import type { BattlesOverrides } from '@garrison/battles/service';

/** The benches play built-in bots only: the bots service is never asked. */
export const noBots: NonNullable<BattlesOverrides['bots']> = {
  version: async () => undefined,
  compiledSource: async (id) => {
    throw new Error(`the bench has no bot version ${id}`);
  },
};
