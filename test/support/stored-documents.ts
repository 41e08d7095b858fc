import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { CORPUS_FILE } from "../../src/store/encode.ts";
import { DocumentStore, type StoredCorpus } from "../../src/store/decode.ts";
import type { Resource, StoredResource } from "../../src/store/document.ts";

/** What src/generated/resources.ts exports. */
export interface GeneratedModule {
  CORPUS: StoredCorpus;
  RESOURCES: readonly (readonly [string, StoredResource])[];
}

/**
 * Every document a generated module describes, with its body assembled from the binary files
 * (corpus.bin, ranges.bin) exactly as the Worker assembles it, as text.
 */
export async function loadDocuments(module: GeneratedModule, corpus: Uint8Array, ranges: Uint8Array): Promise<Map<string, Resource>> {
  const store = new DocumentStore(module.CORPUS, ownBuffer(corpus), ownBuffer(ranges));
  const utf8 = new TextDecoder();
  const documents = module.RESOURCES.map(async ([path, { recipe, ...fields }]): Promise<[string, Resource]> => [
    path,
    { ...fields, body: utf8.decode(await store.body(recipe, fields.byteLength)) },
  ]);
  return new Map(await Promise.all(documents));
}

/**
 * Every file a build wrote beside its module `output` (src/generated/resources.ts), as text, the
 * corpus inflated: what a secret must not be found in.
 */
export async function readGeneratedFiles(output: string): Promise<Map<string, string>> {
  const dir = dirname(output);
  const module = (await import(pathToFileURL(output).href)) as GeneratedModule;
  const files = new Map<string, string>();
  for (const file of await readdir(dir)) {
    const bytes = await readFile(join(dir, file));
    files.set(file, file === CORPUS_FILE ? inflatedCorpus(module, bytes) : bytes.toString("utf8"));
  }
  return files;
}

/** The corpus text: every chunk of corpus.bin inflated, in order. */
export function inflatedCorpus({ CORPUS: { chunkEnds } }: GeneratedModule, compressed: Uint8Array): string {
  const chunks = chunkEnds.map((end, i) => inflateRawSync(compressed.subarray(i === 0 ? 0 : chunkEnds[i - 1], end)));
  return Buffer.concat(chunks).toString("utf8");
}

/** The bytes in an ArrayBuffer of their own, as a Data module gives them (a Buffer may share one). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}
