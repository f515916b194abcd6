// @garrison/kit/testing — for tests only; never imported by production code.
export {
  needsPostgres,
  needsRabbit,
  TEST_POSTGRES_URL,
  TEST_AMQP_URL,
  type PostgresServer,
  type RabbitServer,
} from './needs.js';
export { createTestDatabase, uniqueName, type TestDatabase } from './databases.js';
export {
  anotherInstanceOf,
  onTheBusOf,
  startTestService,
  type TestService,
  type TestServiceOptions,
} from './start-test-service.js';
export {
  identityHeaders,
  testAccessToken,
  testIdentityEnv,
  testIdentityJwks,
  testTokens,
  type TestTokens,
} from './tokens.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export type { EventProbe } from '../messaging/testing.js';
export { httpClient, type Answer } from './http-client.js';
export { needsEtcd } from './needs-etcd.js';
export { grpcTestClient } from './grpc-client.js';
export { startServiceProcess, type ServiceProcess } from './service-process.js';
