import { buildPhotoSite } from "../support/photo-site.ts";

/** Builds the photo site before the workerd project that serves it starts (vitest.config.ts). */
export default async function setup(): Promise<void> {
  await buildPhotoSite();
}
