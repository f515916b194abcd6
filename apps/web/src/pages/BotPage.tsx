import { builtinBotSource } from '@garrison/game';
import { useEffect, useState } from 'react';
import type { BotLanguage, BotVersion, UploadedVersion } from '../api/tanks-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { BotGuide } from '../components/tanks/BotGuide';
import { CodeEditor } from '../components/tanks/CodeEditor';
import { PracticeNowButton } from '../components/tanks/PracticeNowButton';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { guardLeaving } from '../router/leave-guard';
import { Link } from '../router/router';
import { api } from '../services';
import { versionToOpen } from '../tanks/version-to-open';

const STARTERS = ['tracker', 'spinner', 'sniper', 'sitting-duck'] as const;
const MAX_SOURCE_BYTES = 256 * 1024;
const UNSAVED = 'Your changes to the code are not uploaded yet. Leave and lose them?';

/** What the editor holds, and what it was opened from (a version, or a template for a new bot). */
interface Draft {
  source: string;
  language: BotLanguage;
  /** The text as opened or last uploaded: anything else is unsaved. */
  saved: string;
  from: string;
}

/** One bot: edit its code (the active or latest version opens), upload versions, choose the active one. */
export function BotPage({ user, botId }: { user: User; botId: string }) {
  const bot = useLoad(async () => {
    const [bots, versions] = await Promise.all([api.bots.mine(user.id), api.bots.versions(botId)]);
    return { bot: bots.items.find((b) => b.id === botId) ?? null, versions: versions.items };
  }, botId);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<UploadedVersion | null>(null);
  const versions = bot.data?.versions;

  // The player's own code opens, once: the active version, else the newest; a bot without versions
  // starts from the tracker template.
  useEffect(() => {
    if (draft || !versions) return;
    const open = versionToOpen(versions);
    if (!open) {
      const template = builtinBotSource('tracker');
      setDraft({ source: template, language: 'js', saved: template, from: 'the tracker template' });
      return;
    }
    let live = true;
    api.bots
      .version(botId, open.version)
      .then((v) => {
        if (live)
          setDraft({ source: v.source, language: v.language, saved: v.source, from: `version ${v.version}` });
      })
      .catch((e: unknown) => live && setOpenError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [botId, versions, draft]);

  const dirty = draft !== null && draft.source !== draft.saved;
  useEffect(() => (dirty ? guardLeaving(() => UNSAVED) : undefined), [dirty]);

  const upload = useAction(async () => {
    if (!draft) return;
    setUploaded(null);
    const sent = draft.source;
    const result = await api.bots.upload(botId, sent, draft.language);
    setUploaded(result);
    setDraft((d) => d && { ...d, saved: sent, from: `version ${result.version}` });
    bot.reload();
  });
  const activate = useAction(async (version: number) => {
    await api.bots.activate(botId, version);
    bot.reload();
  });
  const useTemplate = (starter: string) => {
    if (!draft || !starter) return;
    if (dirty && !window.confirm('Replace your unsaved code with the template?')) return;
    setDraft({
      ...draft,
      source: builtinBotSource(starter),
      language: 'js',
      from: `the ${starter} template`,
    });
  };

  const source = draft?.source ?? '';
  const tooBig = new TextEncoder().encode(source).length > MAX_SOURCE_BYTES;
  const name = bot.data?.bot?.name ?? 'Bot';
  const active = versions?.find((v) => v.active) ?? null;

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
                <select
                  value={draft?.language ?? 'js'}
                  disabled={!draft}
                  onChange={(event) =>
                    draft && setDraft({ ...draft, language: event.target.value as BotLanguage })
                  }
                >
                  <option value="js">JavaScript</option>
                  <option value="ts">TypeScript</option>
                </select>
              </label>
              <label>
                Start from{' '}
                <select value="" disabled={!draft} onChange={(event) => useTemplate(event.target.value)}>
                  <option value="">a template…</option>
                  {STARTERS.map((starter) => (
                    <option key={starter} value={starter}>
                      {starter}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          {openError && <Alert>Your code could not be opened: {openError}</Alert>}
          {!draft && !openError && <p className="muted">Opening your code…</p>}
          {draft && (
            <>
              <p className="editor-source muted" role="status">
                From {draft.from}
                {dirty && <strong className="unsaved"> · changed, not uploaded</strong>}
              </p>
              <CodeEditor
                value={draft.source}
                onChange={(text) => setDraft((d) => d && { ...d, source: text })}
                typescript={draft.language === 'ts'}
                label="Bot source code"
              />
            </>
          )}
          {tooBig && <p className="field-error">The source is larger than 256 KiB.</p>}
          <div className="editor-actions">
            <button
              type="button"
              className="primary"
              disabled={!draft || upload.pending || tooBig || source.trim() === ''}
              onClick={() => void upload.run()}
            >
              {upload.pending ? 'Uploading and checking…' : 'Upload version'}
            </button>
            <span className="muted">Garrison checks it and plays a short test round before it is saved.</span>
          </div>
          {upload.error && <Alert>{upload.error.message}</Alert>}
          {uploaded &&
            (uploaded.status === 'valid' ? (
              <Alert kind="success">
                Version {uploaded.version} is valid
                {active?.id === uploaded.id ? ' and active: your bot is ready to play.' : '.'}
              </Alert>
            ) : (
              <div className="alert alert-error" role="alert">
                <p>Version {uploaded.version} is invalid:</p>
                <pre className="validation-error">{uploaded.error ?? 'no reason given'}</pre>
              </div>
            ))}
        </section>
        <div className="bot-side">
          {active && (
            <section className="card next-step" aria-labelledby="bot-play">
              <h2 id="bot-play">Try it</h2>
              <p>v{active.version} is active. See how it does against a reference bot that hunts you down.</p>
              <PracticeNowButton botVersionId={active.id} />
            </section>
          )}
          <section className="card" aria-labelledby="bot-versions">
            <h2 id="bot-versions">Versions</h2>
            {activate.error && <Alert>{activate.error.message}</Alert>}
            {!bot.data && !bot.error && <p className="muted">Loading…</p>}
            {bot.data &&
              (bot.data.versions.length === 0 ? (
                <p className="muted">No versions yet: upload the code. The first valid one becomes active.</p>
              ) : (
                <VersionList
                  versions={bot.data.versions}
                  pending={activate.pending}
                  onActivate={(v) => void activate.run(v)}
                />
              ))}
          </section>
          <BotGuide />
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
                Qualifying duels: {gateWords(v.gate.status)}, {v.gate.wins} of {v.gate.played} won
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

function gateWords(status: string): string {
  if (status === 'passed') return 'passed, it may play ranked';
  if (status === 'failed') return 'not passed, practice only';
  return 'playing';
}
