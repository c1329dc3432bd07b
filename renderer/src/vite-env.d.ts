/// <reference types="vite/client" />

/** True only in the end-to-end tests' build of the renderer (electron.vite.config.ts, `rendererBuildOptions`). */
declare const __CAPSTAN_TEST_HOOKS__: boolean;
