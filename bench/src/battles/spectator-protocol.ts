/** IPC between the spectator bench and its client process. */
export type ClientCommand =
  | { type: 'agent'; url: string; headers: Record<string, string>; bot: string }
  | { type: 'spectate'; url: string; headers: Record<string, string>; count: number }
  | { type: 'record' }
  | { type: 'report'; published: Array<[string, number]> }
  | { type: 'close-spectators' };

export type ClientReply =
  | { type: 'started' }
  | { type: 'agent-ready' }
  | { type: 'spectating'; count: number; refused: number }
  | { type: 'closed' }
  | { type: 'failed'; message: string }
  | {
      type: 'report';
      received: number;
      expected: number;
      lagMs: { p50: number; p90: number; p99: number; max: number };
      frameBytes: number;
      statusMessages: number;
      clientCpuMs: number;
    };
