import { builtinBotSource } from '@garrison/game';
import { useState } from 'react';
import type { BotLanguage, BotVersion, UploadedVersion } from '../api/tanks-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { CodeEditor } from '../components/tanks/CodeEditor';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { Link } from '../router/router';
import { api } from '../services';
import { BOT_API_REFERENCE } from '../tanks/bot-api-reference';

const STARTERS = ['tracker', 'spinner', 'sniper', 'sitting-duck'] as const;
const MAX_SOURCE_BYTES = 256 * 1024;

/** One bot: edit its code, upload versions (validated by the service), choose the active one. */
export function BotPage({ user, botId }: { user: User; botId: string }) {
  const bot = useLoad(async () => {
    const [bots, versions] = await Promise.all([api.bots.mine(user.id), api.bots.versions(botId)]);
    return { bot: bots.items.find((b) => b.id === botId) ?? null, versions: versions.items };
  }, botId);
  const [source, setSource] = useState(() => builtinBotSource('tracker'));
  const [language, setLanguage] = useState<BotLanguage>('js');
  const [uploaded, setUploaded] = useState<UploadedVersion | null>(null);
  const upload = useAction(async () => {
    setUploaded(null);
    setUploaded(await api.bots.upload(botId, source, language));
    bot.reload();
  });
  const activate = useAction(async (version: number) => {
    await api.bots.activate(botId, version);
    bot.reload();
  });
  const tooBig = new TextEncoder().encode(source).length > MAX_SOURCE_BYTES;
  const name = bot.data?.bot?.name ?? 'Bot';

  return (
    <main className="page wide">
      <TanksNav />
      <p className="breadcrumb">
        <Link to="/bots">My bots</Link> ›
      </p>
      <h1>{name}</h1>
      {bot.error && <Alert>{bot.error}</Alert>}
      <div className="bot-layout">
        <section className="card" aria-labelledby="bot-code">
          <div className="section-header">
            <h2 id="bot-code">Code</h2>
            <div className="editor-tools">
              <label>
                Language{' '}
                <select value={language} onChange={(event) => setLanguage(event.target.value as BotLanguage)}>
                  <option value="js">JavaScript</option>
                  <option value="ts">TypeScript</option>
                </select>
              </label>
              <label>
                Start from{' '}
                <select
                  value=""
                  onChange={(event) => event.target.value && setSource(builtinBotSource(event.target.value))}
                >
                  <option value="">a reference bot…</option>
                  {STARTERS.map((starter) => (
                    <option key={starter} value={starter}>
                      {starter}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          <CodeEditor
            value={source}
            onChange={setSource}
            typescript={language === 'ts'}
            label="Bot source code"
          />
          {tooBig && <p className="field-error">The source is larger than 256 KiB.</p>}
          <div className="editor-actions">
            <button
              type="button"
              className="primary"
              disabled={upload.pending || tooBig || source.trim() === ''}
              onClick={() => void upload.run()}
            >
              {upload.pending ? 'Uploading and checking…' : 'Upload version'}
            </button>
            <span className="muted">The service compiles it and plays a smoke round in the sandbox.</span>
          </div>
          {upload.error && <Alert>{upload.error.message}</Alert>}
          {uploaded &&
            (uploaded.status === 'valid' ? (
              <Alert kind="success">Version {uploaded.version} is valid.</Alert>
            ) : (
              <div className="alert alert-error" role="alert">
                <p>Version {uploaded.version} is invalid:</p>
                <pre className="validation-error">{uploaded.error ?? 'no reason given'}</pre>
              </div>
            ))}
        </section>
        <div className="bot-side">
          <section className="card" aria-labelledby="bot-versions">
            <h2 id="bot-versions">Versions</h2>
            {activate.error && <Alert>{activate.error.message}</Alert>}
            {!bot.data && !bot.error && <p className="muted">Loading…</p>}
            {bot.data &&
              (bot.data.versions.length === 0 ? (
                <p className="muted">No versions yet: upload the code.</p>
              ) : (
                <VersionList
                  versions={bot.data.versions}
                  pending={activate.pending}
                  onActivate={(v) => void activate.run(v)}
                />
              ))}
          </section>
          <details className="card api-help">
            <summary>Bot API reference</summary>
            <p className="muted">
              A bot is a module whose default export has <code>onTick(tick)</code> returning an intent, and
              optionally <code>onRoundStart(info)</code>.
            </p>
            <pre className="api-reference">{BOT_API_REFERENCE}</pre>
          </details>
        </div>
      </div>
    </main>
  );
}

function VersionList({
  versions,
  pending,
  onActivate,
}: {
  versions: BotVersion[];
  pending: boolean;
  onActivate: (version: number) => void;
}) {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <ul className="version-list" aria-label="Versions">
      {newestFirst.map((v) => (
        <li key={v.id} className="version-row">
          <div>
            <strong>v{v.version}</strong> <span className={`status status-${v.status}`}>{v.status}</span>
            {v.active && <span className="status status-active">active</span>}
            {v.rankedEligible && <span className="status status-ranked">ranked</span>}
            {v.gate && (
              <p className="muted version-gate">
                Gate: {v.gate.status}, {v.gate.wins}/{v.gate.played} won
              </p>
            )}
            {v.error && <p className="field-error">{v.error}</p>}
          </div>
          {v.status === 'valid' && !v.active && (
            <button
              type="button"
              className="secondary"
              disabled={pending}
              aria-label={`Activate v${v.version}`}
              onClick={() => onActivate(v.version)}
            >
              Activate
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
