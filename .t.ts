import { loadCorpus } from "./src/build/content.ts";
const c = await loadCorpus("test/fixtures/messy", { warn: (w) => console.log("WARN", w) });
for (const a of c.articles) console.log("=====", a.slug, "\n" + a.html);
