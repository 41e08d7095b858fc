import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { TEXT_FILE } from "../../src/store/encode.ts";
import { DocumentStore } from "../../src/store/decode.ts";
import type { RenderedDocument, StoredDocument, StoredText } from "../../src/store/document.ts";

/** What src/generated/documents.ts exports. */
export interface GeneratedModule {
  TEXT: StoredText;
  DOCUMENTS: readonly (readonly [string, StoredDocument])[];
}

/**
 * Every document a generated module describes, with its body assembled from the binary files
 * (text.bin, ranges.bin) exactly as the Worker assembles it, as text.
 */
export async function loadDocuments(module: GeneratedModule, corpus: Uint8Array, ranges: Uint8Array): Promise<Map<string, RenderedDocument>> {
  const store = new DocumentStore(module.TEXT, ownBuffer(corpus), ownBuffer(ranges));
  const utf8 = new TextDecoder();
  const documents = module.DOCUMENTS.map(async ([path, { recipe, ...fields }]): Promise<[string, RenderedDocument]> => [
    path,
    { ...fields, body: utf8.decode(await store.body(recipe, fields.byteLength)) },
  ]);
  return new Map(await Promise.all(documents));
}

/**
 * Every file a build wrote beside its module `output` (src/generated/documents.ts), as text, the
 * text inflated: what a secret must not be found in.
 */
export async function readGeneratedFiles(output: string): Promise<Map<string, string>> {
  const dir = dirname(output);
  const module = (await import(pathToFileURL(output).href)) as GeneratedModule;
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = relative(dir, join(entry.parentPath, entry.name));
    const bytes = await readFile(join(dir, file));
    files.set(file, file === TEXT_FILE ? inflatedText(module, bytes) : bytes.toString("utf8"));
  }
  return files;
}

/** The shared text: every chunk of text.bin inflated, in order. */
export function inflatedText({ TEXT: { chunkEnds } }: GeneratedModule, compressed: Uint8Array): string {
  const chunks = chunkEnds.map((end, i) => inflateRawSync(compressed.subarray(i === 0 ? 0 : chunkEnds[i - 1], end)));
  return Buffer.concat(chunks).toString("utf8");
}

/** The bytes in an ArrayBuffer of their own, as a Data module gives them (a Buffer may share one). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}
