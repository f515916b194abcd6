import { useEffect, useState } from 'react';
import type { Room } from '../../api/competition-types';
import { parseRoomMessage, roomLiveUrl } from '../../competition/room-message';
import { reconnectDelay } from '../../notifications/stream-protocol';
import { client } from '../../services';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * The room as its WebSocket pushes it (the whole room after every change), reconnecting with backoff
 * while the page is open. `enabled` is false until the caller may watch (a member, or a public room).
 */
export function useRoomLive(roomId: string, enabled: boolean): { room: Room | null; status: LiveStatus } {
  const [room, setRoom] = useState<Room | null>(null);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    const connect = async () => {
      setStatus('connecting');
      const token = await client.currentAccessToken().catch(() => null);
      if (stopped) return;
      if (token === null) {
        setStatus('offline');
        return;
      }
      const ws = new WebSocket(roomLiveUrl(window.location, roomId, token));
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setStatus('live');
      };
      ws.onmessage = (event: MessageEvent) => {
        const next = parseRoomMessage(event.data);
        if (next) setRoom(next);
      };
      ws.onclose = () => {
        if (stopped || socket !== ws) return;
        setStatus('offline');
        timer = setTimeout(() => void connect(), reconnectDelay(attempt++));
      };
    };
    void connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close(1000, 'page closed');
    };
  }, [roomId, enabled]);
  return { room, status };
}
