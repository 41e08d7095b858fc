import COMPRESSED_CORPUS from "../../src/generated/corpus.bin";
import RANGES from "../../src/generated/ranges.bin";
import * as GENERATED from "../../src/generated/resources.ts";
import type { Resource } from "../../src/store/document.ts";
import { loadDocuments } from "./stored-documents.ts";

/**
 * Every document of the current build (`npm run content`) with its body, assembled from the
 * generated files exactly as the Worker assembles it. Tests read bodies here, never from
 * src/generated/ directly, which holds metadata and compressed text only.
 */
export const RESOURCES: ReadonlyMap<string, Resource> = await loadDocuments(GENERATED, new Uint8Array(COMPRESSED_CORPUS), new Uint8Array(RANGES));
