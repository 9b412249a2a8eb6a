/** label.html's stylesheet: calm, legible for an hour of labeling, no web fonts. */
export const LABEL_PAGE_STYLE = `
:root { --ink: #1f2328; --muted: #656d76; --line: #d8dee4; --soft: #f6f8fa; --bot: #b42318; --human: #1a7f37; --unsure: #8a6d00; --accent: #0a5fb4; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", "Segoe UI", Verdana, sans-serif; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px; }
.muted { color: var(--muted); }
header.top { position: sticky; top: 0; z-index: 2; display: flex; gap: 1.5em; align-items: center; padding: .55em 1.5em; background: var(--soft); border-bottom: 1px solid var(--line); }
header.top .title { flex: 1 1 auto; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header.top .title .muted { font-size: .88em; margin-left: .6em; }
header.top .actions { display: flex; gap: .8em; align-items: center; }
header.top .labeler input { width: 11em; margin-left: .3em; font: inherit; }
header.top .labeler input:placeholder-shown { outline: 2px solid var(--accent); }
.progress { display: flex; align-items: center; gap: .6em; white-space: nowrap; }
.progress .bar { width: 180px; height: 8px; border-radius: 4px; background: #e4e8ec; overflow: hidden; }
.progress .fill { height: 100%; background: var(--accent); }
button { font: inherit; cursor: pointer; border: 1px solid var(--line); background: #fff; border-radius: 6px; padding: .35em .9em; color: var(--ink); }
button:hover:not(:disabled) { border-color: #8c959f; }
button:disabled { color: #a0a7af; cursor: default; }
#export, .export-done { background: var(--accent); border-color: var(--accent); color: #fff; }
.warning { margin: .8em 1.5em 0; padding: .5em .8em; background: #fff4d6; border: 1px solid #e5c76b; border-radius: 6px; }
main { max-width: 1280px; margin: 0 auto; padding: .6em 1.5em 1em; }
.last { min-height: 1.6em; font-size: .92em; padding: .15em 0 .35em; }
.account { border: 1px solid var(--line); border-radius: 10px; padding: .9em 1.2em 1.2em; }
.account.labeled { background: #fcfcfd; }
.status { display: flex; gap: 1em; align-items: baseline; flex-wrap: wrap; }
.status .rank { font-weight: bold; font-size: 1.05em; }
.status .hint { color: var(--muted); font-size: .9em; }
.revealed { padding: .1em .6em; background: var(--soft); border-radius: 6px; }
.label-bot { color: var(--bot); } .label-human { color: var(--human); } .label-unsure { color: var(--unsure); }
.controls { display: flex; gap: .7em; align-items: center; margin: .7em 0 .5em; flex-wrap: wrap; }
.label-button { display: inline-flex; align-items: center; gap: .6em; padding: .45em 1.2em; font-size: 1.05em; border-width: 2px; }
.label-button kbd { font-size: .8em; }
.label-button.bot { border-color: #f1b5ae; } .label-button.bot.chosen { background: var(--bot); border-color: var(--bot); color: #fff; }
.label-button.human { border-color: #a6d8b3; } .label-button.human.chosen { background: var(--human); border-color: var(--human); color: #fff; }
.label-button.unsure { border-color: #e6d28c; } .label-button.unsure.chosen { background: var(--unsure); border-color: var(--unsure); color: #fff; }
.nav { margin-left: auto; display: flex; gap: .5em; }
kbd { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; border: 1px solid #c4cbd2; border-bottom-width: 2px; border-radius: 4px; padding: 0 .35em; background: #fff; color: var(--ink); }
.activity { display: grid; grid-template-columns: 3fr 1.2fr; gap: 1.5em; margin: .4em 0 .8em; }
.chart h3 { margin: 0 0 .2em; }
.bars { display: block; width: 100%; height: 56px; background: var(--soft); border-radius: 4px; }
.bars rect { fill: var(--accent); }
.bars rect:hover { fill: #e36209; }
.bars .axis { stroke: #c4cbd2; stroke-width: 1; }
.ends { display: flex; justify-content: space-between; font-size: .78em; color: var(--muted); }
h3 { font-size: .82em; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: normal; margin: 1em 0 .3em; }
.grid { display: grid; grid-template-columns: minmax(280px, 380px) 1fr; gap: 1.8em; align-items: start; }
.profile .name { font-size: 1.45em; margin: .1em 0 0; overflow-wrap: anywhere; }
.handle { margin-bottom: .5em; overflow-wrap: anywhere; }
.handle .screen { font-weight: bold; color: var(--accent); }
.description { white-space: pre-wrap; overflow-wrap: anywhere; margin: .4em 0 .8em; }
.counts { display: grid; grid-template-columns: repeat(4, 1fr); gap: .4em; margin: 0; text-align: center; }
.counts div { background: var(--soft); border-radius: 6px; padding: .35em .2em; }
.counts dd { margin: 0; font-weight: bold; font-size: 1.05em; }
.counts dt { font-size: .75em; color: var(--muted); }
.facts { display: grid; grid-template-columns: auto 1fr; gap: .2em .8em; margin: .8em 0 0; font-size: .93em; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.sources { list-style: none; margin: 0; padding: 0; font-size: .93em; }
.sources li { display: flex; justify-content: space-between; gap: 1em; border-bottom: 1px dotted var(--line); padding: .1em 0; overflow-wrap: anywhere; }
.num { font-variant-numeric: tabular-nums; color: var(--muted); }
.tweets h2 { font-size: 1em; margin: .1em 0 .4em; }
.tweet-list { list-style: none; margin: 0; padding: 0; max-height: calc(100vh - 330px); min-height: 240px; overflow-y: auto; border-top: 1px solid var(--line); }
.tweet-list li { padding: .45em .2em; border-bottom: 1px solid var(--line); }
.tweet-list .meta { font-size: .8em; color: var(--muted); display: flex; gap: .6em; }
.tweet-list .gap { font-variant-numeric: tabular-nums; }
.tweet-list .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.kind { border-radius: 3px; padding: 0 .35em; background: #eaeef2; color: var(--ink); }
.kind-RT { background: #ddf4ff; }
.more { color: var(--muted); font-size: .9em; }
.done { border: 1px solid var(--line); border-radius: 10px; padding: 1.5em; text-align: center; }
.done button { margin: 0 .4em; }
.help { max-width: 1280px; margin: 0 auto 2em; padding: 0 1.5em; color: #30363d; }
.help summary { cursor: pointer; color: var(--accent); }
@media (max-width: 860px) { .grid, .activity { grid-template-columns: 1fr; } header.top { flex-wrap: wrap; } }
`;
