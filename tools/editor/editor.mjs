// The entry of the query page's editor bundle (govkg, Apache-2.0): the CodeMirror 6 pieces query.js uses, one global.
// Build: `npm ci && npm run build` here (README, "The query page"); the output is committed, node_modules is not.
export { EditorState } from "@codemirror/state";
export { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine, placeholder } from "@codemirror/view";
export { StreamLanguage, syntaxHighlighting, bracketMatching, indentOnInput } from "@codemirror/language";
export { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
export { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
export { classHighlighter } from "@lezer/highlight";
export { sparql } from "@codemirror/legacy-modes/mode/sparql";
