// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, a few of our own, and Prettier's
// switch-off of every style rule (Prettier formats; ESLint finds mistakes). `npm run lint` runs both.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '.tools/**',
      '**/.data*/**',
      'coverage/**',
      '**/*.d.ts',
      'addins/test/browser/.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Tests and benchmarks read loosely typed JSON answers (`res.body.data[0].id`); the product's code may not.
    files: ['**/test/**', '**/*.test.ts', '**/*.test.tsx', '**/bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
