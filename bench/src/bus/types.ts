export interface BusRun {
  path: 'kit' | 'raw';
  bus: 'amqp' | 'pgboss';
  events: number;
  ms: number;
  eventsPerSecond: number;
  delivered: number;
  /** Events published but never consumed (kit: missing from the inbox; raw: missing acks). */
  lost: number;
}
