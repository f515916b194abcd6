/**
 * THE list of Garrison's services: the launcher, startSystem and (later) the compose/Kubernetes
 * manifests are all derived from this one table. Pure data plus small helpers, no I/O.
 */

export const PROFILES = ['platform', 'tanks', 'ates', 'all'] as const;
export type Profile = (typeof PROFILES)[number];

/** A group a service belongs to; `platform` is always part of every profile. */
export type ServiceGroup = 'platform' | 'tanks' | 'ates';

export interface ServiceSpec {
  /** One name everywhere: folder, package, database, exchange, metrics job, Deployment. */
  readonly name: string;
  /** Folder relative to the repository root; the entry point is `<folder>/src/main.ts`. */
  readonly folder: string;
  readonly group: ServiceGroup;
  /** Services that must be ready before this one starts (it calls them at start or on its first request). */
  readonly dependsOn: readonly string[];
  /** Owns a database (named after the service) with migrations. */
  readonly database: boolean;
  /** Serves internal gRPC next to HTTP. */
  readonly grpc: boolean;
  /** Reachable through the gateway (its OpenAPI joins `/docs`). The gateway itself is the public port. */
  readonly public: boolean;
  /** Started by the launcher; later issues flip this when the service exists. */
  readonly implemented: boolean;
  readonly summary: string;
}

const service = (spec: ServiceSpec): ServiceSpec => spec;

export const SERVICES: readonly ServiceSpec[] = [
  service({
    name: 'users',
    folder: 'services/users',
    group: 'platform',
    dependsOn: [],
    database: true,
    grpc: true,
    public: true,
    implemented: true,
    summary: 'accounts, roles; CreateUser/GetUser/GetUsers over gRPC; user CUD events',
  }),
  service({
    name: 'auth',
    folder: 'services/auth',
    group: 'platform',
    dependsOn: ['users'],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'registration, login, refresh-token rotation, JWKS; bootstrap admin',
  }),
  service({
    name: 'notifications',
    folder: 'services/notifications',
    group: 'platform',
    dependsOn: [],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'per-user inbox fed by domain events, live over WebSocket',
  }),
  service({
    name: 'bots',
    folder: 'services/bots',
    group: 'tanks',
    dependsOn: [],
    database: true,
    grpc: true,
    public: true,
    implemented: true,
    summary: 'bot registry: versions, validation in the sandbox, regression gate',
  }),
  service({
    name: 'battles',
    folder: 'services/battles',
    group: 'tanks',
    dependsOn: ['bots'],
    database: true,
    grpc: true,
    public: true,
    implemented: true,
    summary: 'game sessions: runs battles, live agents and spectators, replays',
  }),
  service({
    name: 'matchmaking',
    folder: 'services/matchmaking',
    group: 'tanks',
    dependsOn: ['battles', 'bots'],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'challenges, rooms and automatic matchmaking',
  }),
  service({
    name: 'tournaments',
    folder: 'services/tournaments',
    group: 'tanks',
    dependsOn: ['battles'],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'tournaments, series, applications, brackets',
  }),
  service({
    name: 'ratings',
    folder: 'services/ratings',
    group: 'tanks',
    dependsOn: [],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'player and tournament ratings built from results',
  }),
  service({
    name: 'tasks',
    folder: 'services/tasks',
    group: 'ates',
    dependsOn: [],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'aTES task tracker with random assignment',
  }),
  service({
    name: 'accounting',
    folder: 'services/accounting',
    group: 'ates',
    dependsOn: [],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'aTES ledger, balances and daily payouts',
  }),
  service({
    name: 'analytics',
    folder: 'services/analytics',
    group: 'ates',
    dependsOn: [],
    database: true,
    grpc: false,
    public: true,
    implemented: true,
    summary: 'aTES management analytics built from events',
  }),
  service({
    name: 'gateway',
    folder: 'services/gateway',
    group: 'platform',
    // Last: it verifies tokens with auth's JWKS and routes to every public service.
    dependsOn: [
      'auth',
      'users',
      'notifications',
      'bots',
      'battles',
      'matchmaking',
      'tournaments',
      'ratings',
      'tasks',
      'accounting',
      'analytics',
    ],
    database: false,
    grpc: false,
    public: false,
    implemented: true,
    summary: 'the single public entry: routing, token checks, rate limits, WebSocket proxy, web app, /docs',
  }),
];

/** The service the outside world talks to; it binds `PORT`. */
export const GATEWAY = 'gateway';

/** The kit-owned database where the pg-boss bus lives. */
export const BUS_DATABASE = 'bus';

export function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

export function serviceByName(name: string, services: readonly ServiceSpec[] = SERVICES): ServiceSpec {
  const found = services.find((s) => s.name === name);
  if (!found) throw new Error(`unknown service "${name}"`);
  return found;
}

/** Every service of a profile (implemented or not): platform plus the profile's group, or everything for `all`. */
export function servicesOfProfile(
  profile: Profile,
  services: readonly ServiceSpec[] = SERVICES,
): ServiceSpec[] {
  return services.filter((s) => s.group === 'platform' || profile === 'all' || s.group === profile);
}

/** What the launcher actually starts for a profile. */
export function runnableServices(
  profile: Profile,
  services: readonly ServiceSpec[] = SERVICES,
): ServiceSpec[] {
  return servicesOfProfile(profile, services).filter((s) => s.implemented);
}

/**
 * Orders services so each comes after its dependencies (Kahn's algorithm, ties kept in table order).
 * Dependencies outside the given set are ignored: a profile without tanks still starts the gateway.
 * Throws on a cycle, naming the services involved.
 */
export function startOrder(selected: readonly ServiceSpec[]): ServiceSpec[] {
  const names = new Set(selected.map((s) => s.name));
  const pending = new Map(selected.map((s) => [s.name, s.dependsOn.filter((d) => names.has(d))]));
  const ordered: ServiceSpec[] = [];
  while (pending.size > 0) {
    const ready = selected.filter((s) => pending.get(s.name)?.every((d) => !pending.has(d)));
    if (ready.length === 0) throw new Error(`dependency cycle between: ${[...pending.keys()].join(', ')}`);
    for (const s of ready) {
      ordered.push(s);
      pending.delete(s.name);
    }
  }
  return ordered;
}

/**
 * Groups the start order into waves: every service of a wave depends only on earlier waves, so a wave
 * starts in parallel once the previous one is ready (and stops in parallel, in reverse).
 */
export function startWaves(selected: readonly ServiceSpec[]): ServiceSpec[][] {
  const names = new Set(selected.map((s) => s.name));
  const waveOf = new Map<string, number>();
  const waves: ServiceSpec[][] = [];
  for (const spec of startOrder(selected)) {
    const wave =
      Math.max(-1, ...spec.dependsOn.filter((d) => names.has(d)).map((d) => waveOf.get(d) ?? -1)) + 1;
    waveOf.set(spec.name, wave);
    (waves[wave] ??= []).push(spec);
  }
  return waves;
}

/** Names of the databases a set of services needs, the bus database included. */
export function databasesOf(selected: readonly ServiceSpec[]): string[] {
  return [...selected.filter((s) => s.database).map((s) => s.name), BUS_DATABASE];
}
