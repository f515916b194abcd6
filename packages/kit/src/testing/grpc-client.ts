import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import type { DescService } from '@bufbuild/protobuf';

/** A gRPC client of `service` at `baseUrl` (h2c) for tests; `close()` ends its HTTP/2 session. */
export function grpcTestClient<S extends DescService>(
  service: S,
  baseUrl: string,
): { client: Client<S>; close(): void } {
  const sessionManager = new Http2SessionManager(baseUrl);
  return {
    client: createClient(service, createGrpcTransport({ baseUrl, sessionManager })),
    close: () => sessionManager.abort(),
  };
}
