/**
 * Who the demo brings to life. Every login starts with `demo-`; the bots are the repository's own
 * reference bots uploaded under the players' names, so their battles are real and varied.
 */
export interface DemoPlayer {
  login: string;
  displayName: string;
  bot: { name: string; file: string };
}

export const DEMO_PLAYERS: readonly DemoPlayer[] = [
  {
    login: 'demo-alice',
    displayName: 'Alice (demo)',
    bot: { name: 'Longshot', file: 'packages/game/bots/sniper.js' },
  },
  {
    login: 'demo-bruno',
    displayName: 'Bruno (demo)',
    bot: { name: 'Rammer', file: 'packages/game/bots/tracker.js' },
  },
  {
    login: 'demo-chen',
    displayName: 'Chen (demo)',
    bot: { name: 'Whirligig', file: 'packages/game/bots/spinner.js' },
  },
  {
    login: 'demo-dana',
    displayName: 'Dana (demo)',
    bot: { name: 'Rookie', file: 'packages/game/examples/first-bot.js' },
  },
  {
    login: 'demo-emil',
    displayName: 'Emil (demo)',
    bot: { name: 'Bulldozer', file: 'packages/game/bots/tracker.js' },
  },
  {
    login: 'demo-fatima',
    displayName: 'Fatima (demo)',
    bot: { name: 'Hawkeye', file: 'packages/game/bots/sniper.js' },
  },
  {
    login: 'demo-gus',
    displayName: 'Gus (demo)',
    bot: { name: 'Spin Doctor', file: 'packages/game/bots/spinner.js' },
  },
  {
    login: 'demo-hana',
    displayName: 'Hana (demo)',
    bot: { name: 'Apprentice', file: 'packages/game/examples/first-bot.js' },
  },
];

/** The first player organises the tournaments and the series. */
export const ORGANISER = DEMO_PLAYERS[0]!;
/** The finished tournament's entrants: few and one game round each, so it is over in seconds. */
export const FINISHED_ENTRANTS = DEMO_PLAYERS.slice(0, 4);

export const DEMO_MANAGER = { login: 'demo-manager', displayName: 'Mia the manager (demo)' };

export const TITLES = {
  finished: 'Demo Cup',
  running: 'Demo Open',
  series: 'Demo Weekly',
} as const;
