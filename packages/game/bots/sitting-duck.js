// sitting-duck — the weakest reference bot: it never moves, turns or fires.
export default {
  onRoundStart() {},
  onTick() {
    return {};
  },
};
