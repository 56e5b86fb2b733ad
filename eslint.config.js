// ESLint 9 flat config.
//
// Salesforce's shared TypeScript config (eslint-config-salesforce-typescript 4.0.1) is eslintrc-only and needs ESLint 8
// and typescript-eslint 6, so its rule set is restated here on typescript-eslint 8. What is dropped: the formatting
// rules typescript-eslint 8 removed (member-delimiter-style, quotes, type-annotation-spacing), which Prettier owns.
// The JavaScript base (eslint-config-salesforce) is a plain rules object and is used as it is.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import jsdoc from 'eslint-plugin-jsdoc';
import unicorn from 'eslint-plugin-unicorn';
import prettier from 'eslint-config-prettier/flat';
import sfPlugin from 'eslint-plugin-sf-plugin';
import salesforce from 'eslint-config-salesforce';
import { fixupPluginRules } from '@eslint/compat';

export default tseslint.config(
  { ignores: ['lib/', 'node_modules/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  {
    plugins: { import: importPlugin, jsdoc },
    rules: salesforce.rules,
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './test/tsconfig.json'], sourceType: 'module' },
    },
    // eslint-plugin-sf-plugin still calls context methods ESLint 9 removed (getAncestors): ESLint's own shim adds them back.
    plugins: { unicorn, 'sf-plugin': fixupPluginRules(sfPlugin) },
    rules: {
      ...sfPlugin.configs.recommended.rules,
      'unicorn/prefer-node-protocol': 'error',
      'unicorn/numeric-separators-style': 'warn',
      'import/no-extraneous-dependencies': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNullish: true, allowBoolean: true, allowNumber: true },
      ],
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      '@typescript-eslint/consistent-type-assertions': 'error',
      '@typescript-eslint/consistent-type-definitions': ['warn', 'type'],
      '@typescript-eslint/explicit-function-return-type': 'error',
      '@typescript-eslint/explicit-member-accessibility': ['error', { accessibility: 'explicit' }],
      '@typescript-eslint/member-ordering': 'error',
      '@typescript-eslint/no-shadow': 'error',
      '@typescript-eslint/return-await': 'error',
      'no-return-await': 'off',
      '@typescript-eslint/prefer-for-of': 'error',
      '@typescript-eslint/prefer-function-type': 'error',
      '@typescript-eslint/prefer-includes': 'error',
      '@typescript-eslint/prefer-nullish-coalescing': 'error',
      '@typescript-eslint/prefer-optional-chain': 'error',
      '@typescript-eslint/prefer-reduce-type-parameter': 'error',
      '@typescript-eslint/prefer-string-starts-ends-with': 'error',
      // typescript-eslint 6's behaviour, which the Salesforce config was written for: a default case is exhaustive.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/unified-signatures': 'error',
      'no-shadow': 'off',
    },
  },
  {
    // Production code: stricter, as the Salesforce config's src override.
    files: ['src/**'],
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNullish: false, allowBoolean: true, allowNumber: true },
      ],
      'import/no-extraneous-dependencies': [
        'error',
        {
          includeTypes: false,
          devDependencies: false,
          peerDependencies: false,
          bundledDependencies: false,
          optionalDependencies: false,
        },
      ],
    },
  },
  {
    // chai's property assertions (expect(x).to.be.empty) are expressions by design.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', 'no-unused-expressions': 'off' },
  },
  prettier,
);
