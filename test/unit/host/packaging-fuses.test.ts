import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** electron-builder's own loader and the function that turns its fuse options into the fuse wire. */
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<{ electronFuses?: Record<string, boolean>; asar?: unknown }>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: Record<string, boolean>): Promise<Record<number, boolean>> } };
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('packaging: Electron fuses', () => {
  it('the packaging config, read and validated as electron-builder reads it, flips the hardening fuses', async () => {
    const config = await getConfig(ROOT, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).not.toBe(false);
    const wire = await PlatformPackager.prototype.generateFuseConfig(config.electronFuses!);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  }, 60_000); // validating against electron-builder's JSON schema takes seconds on a loaded machine
});
