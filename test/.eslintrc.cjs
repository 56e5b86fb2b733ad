module.exports = {
  extends: '../.eslintrc.cjs',
  rules: {
    // Chai assertions are expressions, and tests may reach into results freely.
    '@typescript-eslint/no-unused-expressions': 'off',
    '@typescript-eslint/no-non-null-assertion': 'off',
    'no-unused-expressions': 'off',
    'func-names': 'off',
  },
};
