import fs from "node:fs";
import path from "node:path";
import type { Download, Locator, Page } from "@playwright/test";

/** Where the setup e2e leaves its counts for `npm run bench -- setup` (not test-results/, which each Playwright run empties). */
export const SETUP_ACTIONS_FILE = path.join("data", "bench", "setup-actions.json");

/**
 * Counts what a person does, as the test does it: every click, fill, file pick and download in the portal, and every
 * action in the (sandbox) AWS console, each through this counter so none is left out. Waiting and asserting are free.
 */
export class ActionCounter {
  portal = 0;
  console = 0;
  readonly log: string[] = [];

  private count(where: "portal" | "console", what: string) {
    this[where]++;
    this.log.push(`${where}: ${what}`);
  }

  async click(locator: Locator, what: string) {
    this.count("portal", `click ${what}`);
    await locator.click();
  }

  async fill(locator: Locator, value: string, what: string) {
    this.count("portal", `fill ${what}`);
    await locator.fill(value);
  }

  async setInputFiles(locator: Locator, file: string, what: string) {
    this.count("portal", `pick file ${what}`);
    await locator.setInputFiles(file);
  }

  /** A click that downloads a file. */
  async download(page: Page, locator: Locator, what: string): Promise<Download> {
    this.count("portal", `download ${what}`);
    const [download] = await Promise.all([page.waitForEvent("download"), locator.click()]);
    return download;
  }

  /** One action in the AWS console (the sandbox's console API stands in for the console's screens). */
  async inConsole<T>(what: string, act: () => Promise<T>): Promise<T> {
    this.count("console", what);
    return act();
  }

  save() {
    fs.mkdirSync(path.dirname(SETUP_ACTIONS_FILE), { recursive: true });
    fs.writeFileSync(SETUP_ACTIONS_FILE, JSON.stringify({ portal: this.portal, console: this.console, log: this.log, at: new Date().toISOString() }, null, 2));
  }
}
