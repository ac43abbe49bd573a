import { iconPath } from './icon.js';

/** Where the browser pages' stylesheet is served (their CSP allows only `'self'`). */
export const stylesheetPath = '/assets/gatehouse.css';

/**
 * The one stylesheet of the browser pages (http/card-page.ts): a centred card, light or dark,
 * under the product's name and icon.
 */
export const stylesheet = `:root{color-scheme:light dark;--bg:#f4f5f7;--card:#fff;--text:#1c2024;--muted:#5b6470;
--line:#d8dce2;--accent:#2f5bd3;--accent-text:#fff;--alert-bg:#fdecec;--alert-text:#8a1c1c}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1f2226;--text:#e8eaed;
--muted:#a3aab3;--line:#363b42;--accent:#7b9cf0;--accent-text:#0d1220;--alert-bg:#3b1f21;
--alert-text:#f4b6b6}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
padding:2rem 1rem;background:var(--bg);color:var(--text);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:26rem;background:var(--card);border:1px solid var(--line);
border-radius:12px;padding:2rem;box-shadow:0 1px 3px rgb(0 0 0/.08)}
main.wide{max-width:36rem}
.brand{margin:0 0 1.5rem;font-weight:600;letter-spacing:.02em;color:var(--muted)}
.brand::before{content:"";display:inline-block;width:1.5rem;height:1.5rem;margin-right:.5rem;
vertical-align:-.4rem;background:url(${iconPath}) center/contain no-repeat}
h1{margin:0 0 1.25rem;font-size:1.5rem;line-height:1.25}
h2{margin:1.75rem 0 .5rem;font-size:1rem}
p{margin:0 0 1rem}
label{display:block;margin:0 0 .25rem;font-weight:500}
input{width:100%;margin:0 0 1rem;padding:.6rem .75rem;font:inherit;color:inherit;
background:var(--card);border:1px solid var(--line);border-radius:8px}
button{width:100%;padding:.65rem 1rem;font:inherit;font-weight:600;cursor:pointer;
color:var(--accent-text);background:var(--accent);border:1px solid var(--accent);
border-radius:8px}
button.secondary{color:var(--text);background:transparent;border-color:var(--line)}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--accent);
outline-offset:2px}
a{color:var(--accent)}
.alert{padding:.75rem 1rem;border-radius:8px;background:var(--alert-bg);color:var(--alert-text)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;margin:0 0 1.5rem}
th,td{text-align:left;padding:.5rem 0;border-bottom:1px solid var(--line)}
th{font-weight:500;color:var(--muted)}
.muted{color:var(--muted);font-size:.875rem}
h1 .client{display:block;margin-bottom:.25rem;font-size:1.75rem;overflow-wrap:anywhere}
.person{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;
gap:.25rem 1rem;margin:0 0 1.25rem;padding:.6rem .75rem;border-radius:8px;background:var(--bg)}
.person p,.person form{margin:0}
button.link{width:auto;padding:0;border:0;background:none;color:var(--accent);font-weight:500;
text-decoration:underline}
button.small{width:auto;padding:.3rem .75rem;font-size:.875rem}
fieldset{margin:0 0 1rem;padding:0;border:0}
legend{margin:0 0 .5rem;font-weight:500}
label.choice{display:flex;align-items:center;gap:.6rem;padding:.6rem .75rem;margin:0 0 .5rem;
font-weight:400;border:1px solid var(--line);border-radius:8px;cursor:pointer}
label.choice:has(input:checked){border-color:var(--accent)}
input[type=radio]{width:auto;margin:0;accent-color:var(--accent)}
.scopes{margin:0 0 1.25rem;padding:0;list-style:none}
.scopes li{position:relative;padding:.45rem 0 .45rem 1.6rem;border-bottom:1px solid var(--line)}
.scopes li::before{content:"\\2713";position:absolute;left:.2rem;color:var(--accent)}
.actions{display:flex;gap:.75rem;margin:1.5rem 0 1rem}
td form{margin:0}
code{font:.9em ui-monospace,monospace}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);
white-space:nowrap}
`;
