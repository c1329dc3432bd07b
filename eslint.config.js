import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * Lint, with the layering rule that keeps the architecture from rotting:
 * - shared/ imports no Node built-in and nothing from electron/ or renderer/;
 * - renderer/ imports nothing from electron/ (and no Node built-in: it runs in a browser).
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeBuiltinPatterns = nodeBuiltins.map((name) => ({ name, message: 'shared/ and renderer/ run in the browser too: no Node built-ins here.' }));

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
);
