"""The report's stylesheet: inline, system fonts only, readable from a phone to a laptop."""

CSS = """
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#e3e3e6;--bg:#fff;--panel:#f6f7f9}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--muted:#a3a7ad;--line:#3a3b3f;--bg:#16171a;--panel:#202226}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);line-height:1.5;
 font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,body>footer{max-width:64rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .3rem}
h2{font-size:1.3rem;margin:2.2rem 0 .8rem;padding-top:.6rem;border-top:2px solid var(--line)}
h3{font-size:1.05rem;margin:1.4rem 0 .2rem}
h4{font-size:.95rem;margin:.8rem 0 .3rem}
p{margin:.4rem 0}
.muted{color:var(--muted);font-size:.9rem}
.note{border-left:4px solid #c80;padding:.3rem .7rem;margin:.6rem 0;background:var(--panel)}
nav{display:flex;flex-wrap:wrap;gap:.4rem;margin:.8rem 0}
nav a{padding:.25rem .6rem;border:1px solid var(--line);border-radius:1rem;color:inherit;text-decoration:none;font-size:.9rem}
nav a:hover{background:var(--panel)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.92rem}
table.compact{width:auto;min-width:min(100%,36rem)}
th,td{padding:.35rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
thead th{font-weight:600;color:var(--muted);white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.wide{min-width:8rem;width:35%}
svg.bar{display:block;width:100%;height:1.1rem;border-radius:3px;margin:.3rem 0}
td svg.bar{height:.9rem;margin:0}
svg .bar-bg{fill:var(--panel)}
svg.columns{display:block;width:100%;min-width:30rem;height:auto;font-size:11px}
svg.columns text{fill:var(--muted)}
svg.columns .grid{stroke:var(--line);stroke-width:1}
.legend{list-style:none;padding:0;margin:.3rem 0 .6rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.88rem}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;background:var(--c);margin-right:.35rem;vertical-align:-1px}
.tag{display:inline-block;padding:0 .5rem;border-radius:.7rem;font-size:.82rem;white-space:nowrap;border:1px solid var(--line)}
.tag::before{content:"";display:inline-block;width:.6rem;height:.6rem;border-radius:50%;background:var(--c);margin-right:.35rem}
.who{font-weight:600}
th .who{white-space:nowrap}
.question{padding:.2rem 0 .8rem;border-bottom:1px dashed var(--line)}
.qtext{font-weight:400}
.reps{margin-left:.2rem}
blockquote.tweet{margin:.35rem 0;padding:.45rem .7rem;background:var(--panel);border-radius:.4rem;
 overflow-wrap:anywhere;word-break:break-word}
blockquote.tweet p{margin:0 0 .2rem}
blockquote.tweet footer{font-size:.85rem}
.pair{border:1px solid var(--line);border-radius:.5rem;padding:.4rem .6rem;margin:.6rem 0}
.arrow{font-size:.8rem;color:var(--muted);margin-left:.7rem}
.arrow::before{content:"\\2193  "}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.8rem}
.card{border:1px solid var(--line);border-top:4px solid var(--c);border-radius:.5rem;padding:.2rem .9rem .6rem}
.card h3{margin-top:.6rem}
.card ul{padding-left:1.2rem;margin:.2rem 0}
body>footer{margin:2.5rem auto 2rem;padding-top:.8rem;border-top:1px solid var(--line)}
@media (max-width:36rem){body{font-size:15px}h1{font-size:1.3rem}th,td{padding:.3rem .35rem}td.wide{min-width:6rem}}
@media print{nav{display:none}.scroll{overflow:visible}}
"""
