import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import {
  bracketMatching,
  defaultHighlightStyle,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';

const garrisonHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#8e4fc9' },
  { tag: [tags.string, tags.special(tags.string)], color: '#2f6f4e' },
  { tag: [tags.number, tags.bool, tags.null], color: '#b35c00' },
  { tag: tags.comment, color: '#7b8a84', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: '#2a4f86' },
  { tag: tags.typeName, color: '#0f6e7a' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '13.5px', border: '1px solid var(--border)', borderRadius: '8px', background: '#fff' },
  '&.cm-focused': { outline: '3px solid #7fb89a', outlineOffset: '2px' },
  '.cm-scroller': {
    fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    minHeight: '360px',
    maxHeight: '560px',
  },
  '.cm-gutters': { background: '#f4f6f5', color: '#8a9792', border: 'none', borderRadius: '8px 0 0 8px' },
  '.cm-activeLine': { background: '#f2f7f4' },
  '.cm-activeLineGutter': { background: '#e3f0e8' },
});

interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  typescript: boolean;
  label: string;
}

/**
 * CodeMirror 6 with line numbers, JS/TS highlighting and Tab indenting (Escape then Tab leaves the
 * editor, as CodeMirror documents for keyboard users). Uncontrolled inside; `value` replaces the
 * text only when it differs from what the editor holds (a template was picked).
 */
export function CodeEditor({ value, onChange, typescript, label }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(garrisonHighlight),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          language.current.of(javascript({ typescript })),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorState.tabSize.of(2),
          theme,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once; value and language follow through the effects below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(javascript({ typescript })) });
  }, [typescript]);

  return <div ref={host} className="code-editor" />;
}
