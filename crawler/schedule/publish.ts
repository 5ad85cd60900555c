// Publishing a built site atomically: the published folder is a symbolic link to a release, and
// a new release replaces it with one rename(2), so a web server never serves a half-written site.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, readlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { KEPT_RELEASES } from "../politeness.ts";

export class PublishError extends Error {
  override name = "PublishError";
}

export function releasesDir(publishDir: string): string {
  return `${resolve(publishDir)}.releases`;
}

/** Fails clearly when the publish path is a real folder (left by `npm run build`): it must be a link or absent. */
export function checkPublishDir(publishDir: string): void {
  if (existsSync(publishDir) && !lstatSync(publishDir).isSymbolicLink()) {
    throw new PublishError(
      `${publishDir} is a folder, not a link: the daemon publishes by swapping a symbolic link. Move it away (or set OBSERVATORY_PUBLISH_DIR to another path), then start again.`,
    );
  }
}

/** A new, empty folder to build the next release into. */
export function newReleaseDir(publishDir: string, now = new Date()): string {
  const dir = join(releasesDir(publishDir), now.toISOString().replace(/[:.]/g, "-"));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Points the publish path at `release` with one atomic rename, then drops old releases. */
export function publishRelease(publishDir: string, release: string): void {
  checkPublishDir(publishDir);
  const link = resolve(publishDir);
  mkdirSync(dirname(link), { recursive: true });
  const temporary = `${link}.next-${process.pid}`;
  rmSync(temporary, { force: true });
  symlinkSync(resolve(release), temporary);
  renameSync(temporary, link);
  const releases = readdirSync(releasesDir(publishDir)).sort();
  const current = basename(readlinkSync(link));
  for (const old of releases.slice(0, Math.max(0, releases.length - KEPT_RELEASES))) {
    if (old !== current) rmSync(join(releasesDir(publishDir), old), { recursive: true, force: true });
  }
}

/** Removes a release that was built but not published (a failed build). */
export function discardRelease(release: string): void {
  rmSync(release, { recursive: true, force: true });
}
