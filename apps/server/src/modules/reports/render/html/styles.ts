/** The report's stylesheet: inline, no web font or other request; screen and print. */
export const REPORT_CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #5f3dc4; --soft: #f5f7fa; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
body { margin: 0; background: #fff; line-height: 1.5; font-size: 15px; }
main { max-width: 960px; margin: 0 auto; padding: 0 32px 64px; }
h1, h2, h3, h4 { line-height: 1.25; color: #102a43; }
h2 { font-size: 1.6em; border-bottom: 3px solid var(--accent); padding-bottom: 6px; margin-top: 56px; }
h3 { font-size: 1.2em; margin: 0 0 4px; }
a { color: var(--accent); }
.cover { min-height: 92vh; display: flex; flex-direction: column; justify-content: center; padding: 48px 0; border-bottom: 1px solid var(--line); }
.cover .client { text-transform: uppercase; letter-spacing: .12em; color: var(--accent); font-weight: 600; }
.cover h1 { font-size: 2.6em; margin: 8px 0 16px; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 24px 0 0; }
.cover dt { color: var(--muted); }
.cover dd { margin: 0; }
.toc ol { padding-left: 1.4em; }
.toc li { margin: 2px 0; }
.toc ol ol { font-size: .92em; columns: 2; }
.numbers { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.number { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; background: var(--soft); }
.number .value { font-size: 1.7em; font-weight: 700; }
.number .label { color: var(--muted); }
.number .hint { font-size: .85em; color: var(--muted); }
figure { margin: 16px 0; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: .92em; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.heatmap { display: flex; flex-wrap: wrap; gap: 8px; }
.heatmap .col { flex: 1 1 150px; min-width: 150px; }
.heatmap .col h4 { margin: 0 0 6px; font-size: .85em; }
.cell { border-radius: 4px; padding: 4px 6px; margin-bottom: 4px; font-size: .8em; color: #fff; background: #9aa5b1; page-break-inside: avoid; }
.cell .id { font-weight: 700; }
.legend span { display: inline-block; margin-right: 12px; font-size: .85em; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.test { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 20px 0; page-break-inside: avoid; }
.test .meta { color: var(--muted); font-size: .9em; margin-bottom: 8px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; color: #fff; font-size: .85em; font-weight: 600; }
.test dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
.test dt { color: var(--muted); }
.test dd { margin: 0; }
pre { background: #102a43; color: #f0f4f8; padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: .85em; }
.evidence { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.evidence figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 0; }
.evidence img { max-width: 100%; height: auto; display: block; }
.counts td { border: none; white-space: nowrap; }
.counts th { border: none; background: none; color: var(--muted); font-weight: 600; }
.finding h4 { margin: 12px 0 4px; }
.meta { color: var(--muted); font-size: .9em; }
.change-improved { color: #2b8a3e; font-weight: 600; }
.change-regressed { color: #c92a2a; font-weight: 600; }
.hash { font-family: ui-monospace, Consolas, monospace; font-size: .8em; word-break: break-all; }
footer { margin-top: 48px; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); padding-top: 12px; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .cover { min-height: auto; height: 250mm; }
  h2 { page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  pre { background: #f5f7fa; color: #102a43; border: 1px solid var(--line); }
}
`;
