/**
 * The Grafana dashboards as data: every panel's PromQL lives here, so the generator writes the JSON
 * and the deploy tests run each query against a real Prometheus (docs/monitoring.md).
 */

export interface PanelSpec {
  title: string;
  /** One PromQL expression per series group; `$__rate_interval` and `$job` are Grafana variables. */
  exprs: string[];
  unit: string;
  description: string;
  /**
   * Core panels must show data on any running system with traffic through the gateway (the deploy
   * test fails on an empty one). Others depend on traffic a smoke run may not make (battles, aTES).
   */
  core?: boolean;
  kind?: 'timeseries' | 'stat';
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  /** Template variable `$job` (one service) when set. */
  perJob?: boolean;
  panels: PanelSpec[];
}

const R = '$__rate_interval';

/** Fraction of answers that were 5xx; 0 (not empty) when there were none, so a quiet service reads 0. */
const errorRatio = (by: string, selector = '') =>
  `(sum by (${by}) (rate(http_requests_total{status=~"5..",${selector}}[${R}])) or sum by (${by}) (rate(http_requests_total{${selector}}[${R}])) * 0) / sum by (${by}) (rate(http_requests_total{${selector}}[${R}]))`;

const p99 = (metric: string, by: string, selector = '') =>
  `histogram_quantile(0.99, sum by (${by}, le) (rate(${metric}_bucket{${selector}}[${R}])))`;

export const DASHBOARDS: DashboardSpec[] = [
  {
    uid: 'garrison-overview',
    title: 'Garrison — platform overview',
    description: 'RED per service, the gateway, the bus, databases and runtimes.',
    panels: [
      {
        title: 'Instances up',
        exprs: ['sum by (job) (up)'],
        unit: 'short',
        core: true,
        description: 'Scraped instances answering /metrics, per service.',
      },
      {
        title: 'Requests per second',
        exprs: [`sum by (job) (rate(http_requests_total[${R}]))`],
        unit: 'reqps',
        core: true,
        description: 'HTTP requests answered, per service.',
      },
      {
        title: 'Error ratio (5xx)',
        exprs: [errorRatio('job')],
        unit: 'percentunit',
        core: true,
        description: 'Share of HTTP answers that were 5xx, per service.',
      },
      {
        title: 'p99 latency',
        exprs: [p99('http_request_duration_seconds', 'job')],
        unit: 's',
        core: true,
        description: '99th percentile of HTTP request duration, per service.',
      },
      {
        title: 'gRPC calls per second',
        exprs: [`sum by (job, method, code) (rate(rpc_server_requests_total[${R}]))`],
        unit: 'reqps',
        core: true,
        description: 'Internal RPCs answered, per service, method and status code.',
      },
      {
        title: 'Gateway → upstream',
        exprs: [`sum by (service, status) (rate(gateway_upstream_requests_total[${R}]))`],
        unit: 'reqps',
        core: true,
        description:
          'Requests the gateway forwarded, per upstream service and its answer (or timeout/unreachable).',
      },
      {
        title: 'Gateway upstream p99',
        exprs: [p99('gateway_upstream_duration_seconds', 'service')],
        unit: 's',
        core: true,
        description: 'Time until an upstream answered, per service.',
      },
      {
        title: 'Gateway refusals',
        exprs: [
          `sum by (client) (rate(gateway_rate_limited_total[${R}]))`,
          `sum by (service) (rate(gateway_circuit_rejections_total[${R}]))`,
        ],
        unit: 'reqps',
        description:
          '429s from the rate limit (per kind of client) and 503s from open circuits (per service).',
      },
      {
        title: 'WebSocket tunnels',
        exprs: ['sum(gateway_websocket_tunnels)'],
        unit: 'short',
        core: true,
        description: 'WebSockets the gateway proxies now (notifications, rooms, spectators, Agents).',
      },
      {
        title: 'Events published per second',
        exprs: [`sum by (job) (rate(bus_published_total[${R}]))`],
        unit: 'ops',
        core: true,
        description: 'Outbox rows the relay handed to the broker, per producing service.',
      },
      {
        title: 'Deliveries handled per second',
        exprs: [`sum by (job, outcome) (rate(bus_handler_duration_seconds_count[${R}]))`],
        unit: 'ops',
        core: true,
        description: 'Deliveries handled, per consumer and outcome (ok, duplicate, skipped, retry, dead).',
      },
      {
        title: 'Outbox backlog',
        exprs: ['sum by (job) (outbox_backlog)'],
        unit: 'short',
        core: true,
        description: 'Committed events not yet confirmed by the broker. Grows while the broker is away.',
      },
      {
        title: 'Consumer lag',
        exprs: ['max by (queue) (bus_consumer_lag_messages)'],
        unit: 'short',
        description: 'Messages waiting on each consumer queue.',
      },
      {
        title: 'Dead letters (1 h)',
        exprs: ['sum by (job, consumer, type) (increase(bus_dead_letters_total[1h]))'],
        unit: 'short',
        description: 'Messages given up on in the last hour, per consumer and type.',
      },
      {
        title: 'DB pool in use / waiting',
        exprs: [
          'sum by (job) (db_pool_connections - db_pool_idle_connections)',
          'max by (job) (db_pool_waiting_requests)',
        ],
        unit: 'short',
        core: true,
        description: 'Connections busy, and queries waiting for one (pool saturation).',
      },
      {
        title: 'Event-loop lag p99',
        exprs: ['max by (job) (nodejs_eventloop_lag_p99_seconds)'],
        unit: 's',
        core: true,
        description: 'How late timers fire, worst instance per service.',
      },
    ],
  },
  {
    uid: 'garrison-ates',
    title: 'Garrison — aTES',
    description: 'Task tracker to ledger: fees applied, how far accounting is behind, the day close.',
    panels: [
      {
        title: 'Fees applied per second',
        exprs: [
          `sum by (type) (rate(bus_handler_duration_seconds_count{job="accounting",type=~"task.assigned|task.completed",outcome="ok"}[${R}]))`,
        ],
        unit: 'ops',
        description: 'Assignment fees and completion rewards accounting applied to the ledger.',
      },
      {
        title: 'Ledger rows published per second',
        exprs: [`sum by (type) (rate(bus_published_total{job="accounting"}[${R}]))`],
        unit: 'ops',
        description: 'account.transaction-applied, task.priced, payout.made, billing.day-closed.',
      },
      {
        title: 'Convergence lag',
        exprs: [
          'max by (queue) (bus_consumer_oldest_message_age_seconds{queue=~".*accounting.*"})',
          'sum(outbox_backlog{job="tasks"})',
        ],
        unit: 's',
        description:
          "Age of the oldest task event accounting has not applied yet, and tasks' unsent outbox (target: converged within 10 s).",
      },
      {
        title: 'Accounting queue',
        exprs: ['sum by (queue) (bus_consumer_lag_messages{queue=~".*(accounting|analytics).*"})'],
        unit: 'short',
        description: 'Events waiting for accounting and analytics.',
      },
      {
        title: 'Handling time p99',
        exprs: [p99('bus_handler_duration_seconds', 'job', 'job=~"tasks|accounting|analytics"')],
        unit: 's',
        description: 'Per delivery (a batch shares its time out), per aTES service.',
      },
      {
        title: 'Day close',
        exprs: [
          'sum(increase(bus_published_total{job="accounting",type="billing.day-closed"}[1d]))',
          'sum(increase(bus_published_total{job="accounting",type="payout.made"}[1d]))',
        ],
        unit: 'short',
        kind: 'stat',
        description: 'Billing days closed and payouts made in the last 24 h (one close a day is expected).',
      },
      {
        title: 'Task requests per second',
        exprs: [`sum by (route, status) (rate(http_requests_total{job="tasks"}[${R}]))`],
        unit: 'reqps',
        description: 'Task tracker API by route and status.',
      },
    ],
  },
  {
    uid: 'garrison-tanks',
    title: 'Garrison — Tanks',
    description: 'Battles, the sandbox, live play, matchmaking.',
    panels: [
      {
        title: 'Running battles',
        exprs: ['sum by (live) (battles_running)'],
        unit: 'short',
        description: 'Hosted (live="false") and live battles being played now.',
      },
      {
        title: 'Battle queue depth',
        exprs: ['max(battles_queue_depth)'],
        unit: 'short',
        description: 'Hosted battles due to start that no worker has begun (the battles.run backlog).',
      },
      {
        title: 'Tick duration p99',
        exprs: [p99('battle_tick_duration_seconds', 'job')],
        unit: 's',
        description: 'Wall-clock time per tick of a hosted battle.',
      },
      {
        title: 'Sandbox time per tick p99',
        exprs: [p99('battle_sandbox_seconds_per_tick', 'job')],
        unit: 's',
        description: "A hosted bot's QuickJS CPU time per tick.",
      },
      {
        title: 'Live tick lateness p99',
        exprs: [p99('battle_live_tick_lateness_seconds', 'job')],
        unit: 's',
        description: 'How late live ticks start against their schedule (jitter).',
      },
      {
        title: 'Skipped ticks per second',
        exprs: [`sum(rate(battle_skipped_ticks_total[${R}]))`],
        unit: 'ops',
        description: 'Bot ticks that threw, timed out, ran out of memory, or (live) arrived too late.',
      },
      {
        title: 'Battles finished per second',
        exprs: [`sum by (kind, outcome) (rate(battles_finished_total[${R}]))`],
        unit: 'ops',
        description: 'Finished and cancelled battles, per kind.',
      },
      {
        title: 'Connected Agents and spectators',
        exprs: ['sum(battles_agents_connected)', 'sum(battles_spectators)'],
        unit: 'short',
        description: 'Local Agents on /api/agent and spectator sockets.',
      },
      {
        title: 'Room sockets',
        exprs: ['sum(matchmaking_room_live_connections)'],
        unit: 'short',
        description: 'Live room WebSockets on matchmaking.',
      },
    ],
  },
  {
    uid: 'garrison-service',
    title: 'Garrison — service detail',
    description: 'One service: routes, RPCs, deliveries, its database pool and its runtime.',
    perJob: true,
    panels: [
      {
        title: 'Instances up',
        exprs: ['up{job="$job"}'],
        unit: 'short',
        core: true,
        description: 'Each scraped instance (1 = up).',
      },
      {
        title: 'Requests per second by route',
        exprs: [`sum by (route, status) (rate(http_requests_total{job="$job"}[${R}]))`],
        unit: 'reqps',
        description: 'Per route template and status.',
      },
      {
        title: 'Error ratio by route',
        exprs: [errorRatio('route', 'job="$job"')],
        unit: 'percentunit',
        description: '5xx share per route.',
      },
      {
        title: 'p99 latency by route',
        exprs: [p99('http_request_duration_seconds', 'route', 'job="$job"')],
        unit: 's',
        description: '99th percentile per route.',
      },
      {
        title: 'RPCs answered and made',
        exprs: [
          `sum by (method, code) (rate(rpc_server_requests_total{job="$job"}[${R}]))`,
          `sum by (target, method, code) (rate(rpc_client_requests_total{job="$job"}[${R}]))`,
        ],
        unit: 'reqps',
        description: 'gRPC served by this service, and calls it makes to others.',
      },
      {
        title: 'Deliveries by type and outcome',
        exprs: [`sum by (type, outcome) (rate(bus_handler_duration_seconds_count{job="$job"}[${R}]))`],
        unit: 'ops',
        description: 'Event handling of this service.',
      },
      {
        title: 'Outbox backlog and consumer lag',
        exprs: ['sum(outbox_backlog{job="$job"})', 'sum by (queue) (bus_consumer_lag_messages{job="$job"})'],
        unit: 'short',
        description: 'What this service has not sent, and what waits for it.',
      },
      {
        title: 'Database pool',
        exprs: [
          'sum by (pool) (db_pool_connections{job="$job"})',
          'sum by (pool) (db_pool_idle_connections{job="$job"})',
          'sum by (pool) (db_pool_waiting_requests{job="$job"})',
        ],
        unit: 'short',
        description: 'Open, idle and waiting.',
      },
      {
        title: 'Event-loop lag p99',
        exprs: ['nodejs_eventloop_lag_p99_seconds{job="$job"}'],
        unit: 's',
        core: true,
        description: 'Per instance.',
      },
      {
        title: 'CPU',
        exprs: [`rate(process_cpu_seconds_total{job="$job"}[${R}])`],
        unit: 'percentunit',
        core: true,
        description: 'CPU seconds per second, per instance.',
      },
      {
        title: 'Memory',
        exprs: ['process_resident_memory_bytes{job="$job"}', 'nodejs_heap_size_used_bytes{job="$job"}'],
        unit: 'bytes',
        core: true,
        description: 'Resident set and V8 heap in use, per instance.',
      },
    ],
  },
];
