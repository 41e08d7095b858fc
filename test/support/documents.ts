import COMPRESSED_TEXT from "../../src/generated/text.bin";
import RANGES from "../../src/generated/ranges.bin";
import * as GENERATED from "../../src/generated/documents.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { loadDocuments } from "./stored-documents.ts";

/**
 * Every document of the current build (`npm run content`) with its body, assembled from the
 * generated files exactly as the Worker assembles it. Tests read bodies here, never from
 * src/generated/ directly, which holds metadata and compressed text only.
 */
export const DOCUMENTS: ReadonlyMap<string, RenderedDocument> = await loadDocuments(GENERATED, new Uint8Array(COMPRESSED_TEXT), new Uint8Array(RANGES));
