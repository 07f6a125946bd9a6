// The viewer's stylesheet (inlined into the page under the CSP nonce).
export const VIEWER_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --bg: #f6f7f9; --accent: #3b5bdb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
.bar { position: sticky; top: 0; z-index: 1; display: flex; gap: 16px; align-items: center; padding: 12px max(24px, calc((100% - 1100px) / 2 + 24px)); background: #fff; border-bottom: 1px solid var(--line); }
.bar h1 { margin: 0 auto 0 0; font-size: 17px; }
.bar h1 span { color: var(--muted); font-weight: 500; }
.filter { color: var(--muted); }
select { max-width: 260px; }
select, button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); }
button { cursor: pointer; }
button:hover { border-color: var(--accent); }
.status { color: var(--muted); }
.status.live::before { content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%; background: #2f9e44; }
.count { color: var(--muted); min-width: 140px; text-align: right; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
.empty { color: var(--muted); text-align: center; padding: 48px 0; }
.empty a { color: var(--accent); }
.list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.event { background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.event.has-warnings { border-left: 4px solid #f08c00; }
.event.merge { border-left: 4px solid #3b5bdb; }
.event.erasure { border-left: 4px solid #e03131; }
.event.erasure .name { background: #fff5f5; color: #c92a2a; }
.event.ignored { border-left: 4px dashed #868e96; opacity: 0.75; }
.event.ignored .name { text-decoration: line-through; }
.head { display: flex; gap: 12px; align-items: center; padding: 10px 14px; cursor: pointer; list-style: none; }
.head::-webkit-details-marker { display: none; }
.head::before { content: "▸"; color: var(--muted); }
details[open] > .head::before { content: "▾"; }
.time { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 84px; }
.name { font: 600 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef2ff; color: #364fc7; padding: 2px 8px; border-radius: 4px; overflow-wrap: anywhere; }
.summary { flex: 1; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.badge { padding: 2px 8px; border-radius: 999px; font-size: 12px; white-space: nowrap; }
.badge.customer { background: #d3f9d8; color: #2b8a3e; }
.badge.visitor { background: #f1f3f5; color: #495057; }
.badge.ga4 { background: #fff3bf; color: #8f5b00; }
.transport { font-size: 12px; color: var(--muted); }
.warn-count { font-size: 12px; color: #e8590c; white-space: nowrap; }
.warnings { margin: 0 14px 8px; padding: 8px 12px 8px 28px; background: #fff4e6; color: #d9480f; border-radius: 6px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 14px 10px; font-size: 12px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.json { margin: 0 14px 14px; padding: 12px; max-height: 480px; overflow: auto; background: #0b1021; color: #d0d7e2; border-radius: 6px; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
`;
