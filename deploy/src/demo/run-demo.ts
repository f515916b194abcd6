/**
 * `npm start -- --demo`: once the system is up, brings it to life through the public API — demo
 * players with bots, a finished tournament with replays, a running one, an upcoming weekly series,
 * practice battles and (with aTES) a manager's task board. Safe to run again on the same data: every
 * step finds what an earlier run made and adds nothing.
 */
import type { SourceLog } from '../log.js';
import { runnableServices, type Profile } from '../topology.js';
import { DemoApi } from './api.js';
import { DemoPasswordMismatch, ensurePlayer, ensureStaff, logInAdmin, type DemoAccount } from './accounts.js';
import { ensureAtesDay } from './ates.js';
import { ensureBot } from './bots.js';
import { DEMO_MANAGER, DEMO_PLAYERS, FINISHED_ENTRANTS, ORGANISER } from './cast.js';
import { demoPassword } from './demo-password.js';
import { ensurePracticeBattles } from './practice.js';
import {
  ensureSeries,
  ensureStartedTournament,
  FINISHED_PLAN,
  RUNNING_PLAN,
  waitForStatus,
  type Entrant,
  type TournamentView,
} from './tournaments.js';

export interface DemoOptions {
  /** The gateway, e.g. http://127.0.0.1:8080 */
  url: string;
  dataDir: string;
  repoRoot: string;
  profile: Profile;
  /** The bootstrap admin's password; '' when unknown (then the aTES manager is left out). */
  adminPassword: string;
  say: SourceLog;
  signal?: AbortSignal;
  /** How long to wait for the short tournament to finish (default 5 minutes). */
  finishTimeoutMs?: number;
}

export interface DemoResult {
  /** Nothing new was made: an earlier run seeded this data. */
  alreadySeeded: boolean;
  password: string;
  passwordFile: string;
  players: string[];
  manager?: string;
  finishedTournamentId?: string;
  runningTournamentId?: string;
  seriesId?: string;
  /** What did not work out; the system runs on regardless. */
  problems: string[];
}

const hasService = (profile: Profile, name: string) => runnableServices(profile).some((s) => s.name === name);

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { say, signal } = options;
  const api = new DemoApi(options.url, signal);
  const { password, file } = await demoPassword(options.dataDir);
  const result: DemoResult = {
    alreadySeeded: false,
    password,
    passwordFile: file,
    players: [],
    problems: [],
  };
  let made = 0;

  const accounts: DemoAccount[] = [];
  try {
    for (const player of DEMO_PLAYERS) accounts.push(await ensurePlayer(api, player, password));
  } catch (err) {
    if (!(err instanceof DemoPasswordMismatch)) throw err;
    result.problems.push(`${err.message} (${file}); the demo leaves the data as it is`);
    return result;
  }
  result.players = accounts.map((a) => a.login);
  const newPlayers = accounts.filter((a) => a.created).length;
  made += newPlayers;
  say.info(
    newPlayers === 0
      ? 'the demo players exist already (an earlier --demo): checking that the rest is there'
      : `signed up ${newPlayers} demo players`,
  );

  const tournamentsToo = ['bots', 'battles', 'tournaments'].every((s) => hasService(options.profile, s));
  if (tournamentsToo) made += await seedTanks(api, options, accounts, result);

  if (hasService(options.profile, 'tasks')) {
    if (options.adminPassword === '') {
      result.problems.push('aTES left out: the admin password is not known to this launcher');
    } else {
      const admin = await logInAdmin(api, options.adminPassword);
      const manager = await ensureStaff(api, admin, { ...DEMO_MANAGER, roles: ['manager'] }, password);
      result.manager = manager.login;
      const tasks = await ensureAtesDay(api, manager, accounts, signal);
      if (tasks > 0) say.info(`${manager.login} put ${tasks} tasks on the aTES board`);
      made += (manager.created ? 1 : 0) + tasks;
    }
  }

  result.alreadySeeded = made === 0;
  return result;
}

/** Bots, tournaments, the series and practice battles; returns how many things it made. */
async function seedTanks(
  api: DemoApi,
  options: DemoOptions,
  accounts: readonly DemoAccount[],
  result: DemoResult,
): Promise<number> {
  const { say, signal } = options;
  let made = 0;
  const entrants: Entrant[] = [];
  for (const [i, account] of accounts.entries()) {
    const { bot: spec } = DEMO_PLAYERS[i]!;
    const bot = await ensureBot(api, options.repoRoot, account, spec);
    entrants.push({ account, versionId: bot.versionId });
    if (bot.created) {
      made++;
      say.info(`${account.login} uploaded the bot ${spec.name} (${spec.file})`);
    }
  }
  const organiser = accounts.find((a) => a.login === ORGANISER.login)!;
  const finishedEntrants = entrants.filter((e) => FINISHED_ENTRANTS.some((p) => p.login === e.account.login));

  const finished = await ensureStartedTournament(api, organiser, finishedEntrants, FINISHED_PLAN);
  result.finishedTournamentId = finished.tournament.id;
  if (finished.created) made++;
  if (finished.tournament.status !== 'finished') {
    say.info(`"${FINISHED_PLAN.title}" is being played (${finishedEntrants.length} bots, round robin)…`);
    const done = await waitForStatus(api, organiser.token, finished.tournament.id, ['finished'], {
      timeoutMs: options.finishTimeoutMs ?? 5 * 60_000,
      ...(signal ? { signal } : {}),
    });
    if (done) say.info(`"${FINISHED_PLAN.title}" finished — ${podium(done, accounts)}`);
    else result.problems.push(`"${FINISHED_PLAN.title}" had not finished yet; it goes on in the background`);
  }

  const series = await ensureSeries(api, organiser, entrants.slice(1, 4));
  result.seriesId = series.series.id;
  if (series.created) made++;

  made += await ensurePracticeBattles(api, entrants.slice(0, 3));

  const running = await ensureStartedTournament(api, organiser, entrants, RUNNING_PLAN);
  result.runningTournamentId = running.tournament.id;
  if (running.created) {
    made++;
    const started = await waitForStatus(
      api,
      organiser.token,
      running.tournament.id,
      ['running', 'finished'],
      {
        timeoutMs: 60_000,
        ...(signal ? { signal } : {}),
      },
    );
    if (started)
      say.info(`"${RUNNING_PLAN.title}" is under way (${entrants.length} bots); a weekly series is open`);
    else result.problems.push(`"${RUNNING_PLAN.title}" has not started yet; it will on its own`);
  }
  return made;
}

function podium(t: TournamentView, accounts: readonly DemoAccount[]): string {
  const loginOf = (id: string) => accounts.find((a) => a.id === id)?.login ?? id;
  return [...t.participants]
    .filter((p) => p.place !== null)
    .sort((a, b) => a.place! - b.place!)
    .slice(0, 3)
    .map((p) => `${p.place}. ${loginOf(p.userId)}`)
    .join(', ');
}

/** The lines the launcher prints after the banner. */
export function demoBanner(result: DemoResult, bold: (text: string) => string = (t) => t): string[] {
  const lines = [''];
  lines.push(
    result.alreadySeeded
      ? `  ${bold('Demo')}: already seeded on an earlier start — nothing new was added`
      : `  ${bold('Demo')} data is ready`,
  );
  if (result.players.length > 0) {
    const logins = [...result.players, ...(result.manager ? [result.manager] : [])];
    lines.push(`  demo logins: ${logins.join(', ')}`);
    lines.push(`  demo password (all of them): ${bold(result.password)}  (kept in ${result.passwordFile})`);
  }
  for (const problem of result.problems) lines.push(`  demo: ${problem}`);
  lines.push('');
  return lines;
}
