// The virtual screen reader (@guidepup/virtual-screen-reader over jsdom) reads pages from top to
// bottom, as a screen reader's "next" would, and prints what it says: one JSON line a page,
// {"page": PATH, "said": [phrases]}. Pages are the HTML files named on standard input, one a line.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { JSDOM } from "jsdom";

const GLOBALS = ["window", "document", "Node", "Element", "HTMLElement", "MutationObserver",
                 "getComputedStyle", "navigator", "ShadowRoot", "CSS"];
const MOST = 2000;  // a page longer than this is a page gone wrong

async function read(path) {
  const dom = new JSDOM(readFileSync(path, "utf8"), { url: "http://localhost/" });
  for (const name of GLOBALS) globalThis[name] = dom.window[name];
  // imported once the DOM's globals are there, as the library expects a browser around it
  const { virtual } = await import("@guidepup/virtual-screen-reader");
  await virtual.start({ container: dom.window.document.body });
  for (let step = 0; step < MOST; step++) {
    if ((await virtual.lastSpokenPhrase()) === "end of document") break;
    await virtual.next();
  }
  const said = await virtual.spokenPhraseLog();
  await virtual.stop();
  dom.window.close();
  return said;
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim()) console.log(JSON.stringify({ page: line, said: await read(line.trim()) }));
}
