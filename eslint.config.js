// @ts-check
import eslint from '@eslint/js';
import eslintPluginPrettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'bench/results/**', '.pack-check/**', '.readme-check/**', '.readme-run/**', '.asyncapi-check/**', '.bench-*/**', 'node_modules/**', 'eslint.config.js', 'jest.config.js', '.dependency-cruiser.cjs', 'src/chat/demo/chat-page.js'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  eslintPluginPrettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'module',
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The benchmark and CI helpers are plain Node ESM, outside the TypeScript project.
    files: ['bench/**/*.mjs', '.ci/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The demo page's front end: browser code, type-checked through src/chat/demo/tsconfig.json.
    files: ['src/chat/demo/page/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (`expect.any`) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
