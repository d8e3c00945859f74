import { createHash } from 'node:crypto';
import { CHAT_PAGE_SCRIPT } from './chatPageScript.ts';

const STYLE = `
:root { color-scheme: light dark; font: 15px/1.45 system-ui, sans-serif; }
body { margin: 0; }
[hidden] { display: none !important; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; display: flex; flex-direction: column; gap: .75rem; min-height: 100vh; box-sizing: border-box; }
h1 { font-size: 1.2rem; margin: 0; }
#status { margin: 0; padding: .4rem .6rem; border-radius: .4rem; background: #8882; font-weight: 600; }
#conversation { flex: 1; display: flex; flex-direction: column; gap: .75rem; }
article { border: 1px solid #8886; border-radius: .5rem; padding: .6rem .8rem; }
article h2 { font-size: .85rem; margin: 0 0 .3rem; opacity: .7; }
article section { margin: .3rem 0; }
article h3 { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; margin: .4rem 0 .1rem; opacity: .6; }
article section p, article ol, article ul { margin: .2rem 0; }
.you { font-weight: 600; }
.run-state { font-size: .85rem; opacity: .8; margin: .2rem 0; }
section[aria-label="Agent thinking"] { font-style: italic; }
li[data-state="running"] .state { color: #b8860b; }
li[data-state="completed"] .state { color: #2e8b57; }
section[aria-label="Final response"] { border-left: 3px solid #2e8b57; padding-left: .6rem; }
form { display: flex; gap: .5rem; }
form input { flex: 1; padding: .5rem; font: inherit; }
form button { padding: .5rem 1rem; font: inherit; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The Content-Security-Policy of the page: its one inline script and style, sockets and fetches to its own origin. */
export const CHAT_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(CHAT_PAGE_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The whole chat page: one HTML document, CSS and JS inline, no external assets. */
export const CHAT_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat · goldpath reference</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>Chat</h1>
  <p id="status" role="status" aria-live="polite" aria-label="Status">Loading</p>
  <form id="login" aria-label="Sign in" hidden>
    <label for="token">Access token</label>
    <input id="token" name="token" type="password" autocomplete="off">
    <button type="submit">Sign in</button>
  </form>
  <section id="conversation" role="log" aria-label="Conversation" aria-live="polite"></section>
  <form id="composer" aria-label="Send a message">
    <label for="message" class="visually-hidden">Message</label>
    <input id="message" name="message" type="text" autocomplete="off" maxlength="4000" placeholder="Ask the agent">
    <button id="send" type="submit" disabled>Send</button>
  </form>
</main>
<script>${CHAT_PAGE_SCRIPT}</script>
</body>
</html>
`;
