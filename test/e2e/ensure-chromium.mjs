#!/usr/bin/env node
// Makes sure a Chromium is there for the end-to-end tests: uses CHROMIUM_PATH or a
// Chromium/Chrome already installed; on a Debian machine without one, installs Debian's
// chromium package (root, or sudo without a password). Prints the path it found.
import { existsSync } from 'node:fs';
import { ensureDebianTool } from '../support/debian-package.mjs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);

ensureDebianTool({
  label: 'Chromium',
  found: () => candidates.find((path) => existsSync(path)),
  debianPackage: 'chromium',
  missing: 'Install Chromium or Chrome, or set CHROMIUM_PATH to its executable.',
});
