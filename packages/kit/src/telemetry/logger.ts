import { pino, type DestinationStream, type Logger, type LoggerOptions, type LevelWithSilent } from 'pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** JSON logs with the service name, ISO time and, inside a traced span, its trace and span ids. */
export function createLogger(
  service: string,
  level: LevelWithSilent = 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      // With tracing off, spans are no-ops with an all-zero context: log no ids rather than zeros.
      const spanContext = trace.getActiveSpan()?.spanContext();
      if (!spanContext || !isSpanContextValid(spanContext)) return {};
      return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
