import { useEffect, useRef, useState } from 'react';
import { client } from '../../services';
import { agentUrl, KeyboardAgent, type AgentStatus } from '../../tanks/keyboard-agent';
import { controlOf, intentOf, type Control } from '../../tanks/keyboard-intent';

const STATUS_TEXT: Record<AgentStatus, string> = {
  connecting: 'Connecting your controls…',
  waiting: 'Controls ready: waiting for the battle to start',
  playing: 'You are driving',
  closed: 'Controls disconnected',
  error: 'Controls refused',
};

/** Drives the player's tank: keys held now are the intent of each tick, sent over /api/agent. */
export function KeyboardDriver({ battleId }: { battleId: string }) {
  const held = useRef(new Set<Control>());
  const [status, setStatus] = useState<AgentStatus>('connecting');
  const [detail, setDetail] = useState<string | null>(null);

  useEffect(() => {
    const typing = (target: EventTarget | null) =>
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    const down = (event: KeyboardEvent) => {
      const control = controlOf(event.key);
      if (!control || typing(event.target)) return;
      event.preventDefault(); // arrows and space would scroll the page
      held.current.add(control);
    };
    const up = (event: KeyboardEvent) => {
      const control = controlOf(event.key);
      if (control) held.current.delete(control);
    };
    const release = () => held.current.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', release);

    let agent: KeyboardAgent | null = null;
    let stopped = false;
    void client.currentAccessToken().then((token) => {
      if (stopped || token === null) return;
      agent = new KeyboardAgent({
        url: agentUrl(window.location, token),
        battleId,
        intent: () => intentOf(held.current),
        onStatus: (next, why) => {
          setStatus(next);
          setDetail(why ?? null);
        },
      });
      agent.start();
    });
    return () => {
      stopped = true;
      agent?.stop();
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', release);
    };
  }, [battleId]);

  return (
    <div className="keyboard-help" role="status">
      <strong>{STATUS_TEXT[status]}</strong>
      {detail && <span>: {detail}</span>}
      <span className="muted">
        {' '}
        · <kbd>↑</kbd>
        <kbd>↓</kbd> or <kbd>W</kbd>
        <kbd>S</kbd> drive, <kbd>←</kbd>
        <kbd>→</kbd> or <kbd>A</kbd>
        <kbd>D</kbd> turn, <kbd>Q</kbd>
        <kbd>E</kbd> turret, <kbd>Space</kbd> fire
      </span>
    </div>
  );
}
