export { GrpcClients, isIdempotent, DEFAULT_GRPC_TIMEOUT_MS, type GrpcClientOptions } from './client.js';
export { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
export { startGrpcServer, type GrpcServer, type GrpcServerOptions } from './server.js';
export { callerOf, clientContextInterceptor, serverScopeInterceptor } from './context.js';
export { serverMetricsInterceptor, clientMetricsInterceptor } from './metrics.js';
export {
  Code,
  ConnectError,
  type ConnectRouter,
  type Client,
  type HandlerContext,
  type ServiceImpl,
} from '@connectrpc/connect';
