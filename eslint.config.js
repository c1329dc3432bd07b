import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * Lint, with the layering rule that keeps the architecture from rotting:
 * - shared/ imports no Node built-in and nothing from electron/ or renderer/;
 * - renderer/ imports nothing from electron/ (and no Node built-in: it runs in a browser);
 * - inside electron/engine/, a folder imports only folders of its own layer or below
 *   (ENGINE_LAYERS), never the engine's top-level files, and the job kinds (job/ = load,
 *   backfill/) never import each other: they meet only in the lifecycle below them.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeBuiltinPatterns = nodeBuiltins.map((name) => ({ name, message: 'shared/ and renderer/ run in the browser too: no Node built-ins here.' }));

/**
 * The engine's folders from the bottom up. A folder may import its own layer and the
 * layers below; source/, mapping/ and s3/ share a layer (the mapper infers types from a
 * preview, sample validation reads the source, and S3 objects are a source's bytes); the
 * fleet sits beside the lifecycle (it moves shards and budgets between processes).
 */
const ENGINE_LAYERS = [
  ['checkpoint', 'governor', 'shard', 'sample', 'batching'],
  ['dynamo'],
  ['tables', 'writer', 'capacity', 'connections'],
  ['source', 'mapping', 's3'],
  ['lifecycle', 'fleet'],
  ['job', 'backfill'],
  ['history'],
];
const ENGINE_TOP_FILES = ['engine', 'job-manager', 'create-job', 'load-job-worker', 'load-worker', 'backfill-worker'];
const JOB_KINDS = ['job', 'backfill'];

/** One lint block per engine folder: what it may not import. */
function engineLayerBlocks() {
  return ENGINE_LAYERS.flatMap((layer, level) =>
    layer.map((folder) => {
      const higher = ENGINE_LAYERS.slice(level + 1).flat();
      const siblings = JOB_KINDS.includes(folder) ? JOB_KINDS.filter((k) => k !== folder) : [];
      const group = [...higher, ...siblings].flatMap((name) => [`../${name}`, `../${name}/*`, `../../${name}/*`]);
      return {
        files: [`electron/engine/${folder}/**/*.ts`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                ...(group.length ? [{ group, message: `electron/engine/${folder}/ is below these folders in the engine's layers (eslint.config.js ENGINE_LAYERS): move the shared piece down instead.` }] : []),
                { group: ENGINE_TOP_FILES.flatMap((f) => [`../${f}`, `../../${f}`]), message: "The engine's top-level files (engine, job manager, worker entries) sit above every folder: import nothing from them." },
              ],
            },
          ],
        },
      };
    }),
  );
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/out/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPatterns,
          patterns: [
            { group: ['**/electron/**', '**/renderer/**', 'electron'], message: 'shared/ imports nothing from electron/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPatterns,
          patterns: [{ group: ['**/electron/**', 'electron'], message: 'renderer/ never imports electron/: talk to the engine through CapstanApi.' }],
        },
      ],
    },
  },
  ...engineLayerBlocks(),
);
