import CORPUS from "../../src/generated/corpus.txt";
import { RESOURCES as STORED } from "../../src/generated/resources.ts";
import { assembleBody } from "../../src/http/document-store.ts";
import type { Resource } from "../../src/http/resource.ts";

/**
 * Every document of the current build (`npm run content`) with its body, assembled from the
 * generated recipes and corpus text exactly as the Worker assembles it. Tests read bodies here,
 * never from src/generated/ directly, which holds recipes only.
 */
export const RESOURCES: ReadonlyMap<string, Resource> = new Map(
  [...STORED].map(([path, { ranges, ...fields }]) => [
    path,
    {
      ...fields,
      get body() {
        return assembleBody(ranges, CORPUS);
      },
    },
  ]),
);
