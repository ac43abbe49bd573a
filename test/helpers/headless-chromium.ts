import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install -y chromium`), which CI installs (.ci/run). Playwright
 * drives it through `playwright-core` alone, which downloads no browser of its own.
 */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Headless, and quiet: no sandbox (CI runs as root, where Chromium's own sandbox refuses to
 * start), no GPU, and none of the background requests (updates, sync, first-run pages) that
 * would reach out of the machine or make a run depend on the network.
 */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why Chromium cannot be started here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `Chromium is not installed at ${chromiumPath} (apt-get install -y chromium)`;
}

/** Starts headless Chromium; whoever starts it closes it. */
export function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing !== undefined) return Promise.reject(new Error(missing));
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
}
