import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const roots = '{contracts,harness,reference,test}';

export default defineConfig({
  // goldpath's own tests import its package entries from the sources (the package.json exports point at dist/)
  resolve: { alias: { 'goldpath/msw': fileURLToPath(new URL('./harness/msw/index.ts', import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${roots}/**/*.test.ts`],
          exclude: [...configDefaults.exclude, `${roots}/**/*.msw.test.ts`],
        },
      },
      // msw intercepts the standard WebSocket, which Node 20 has only behind this flag (Node 22 has it by default)
      {
        extends: true,
        test: { name: 'msw', include: [`${roots}/**/*.msw.test.ts`], execArgv: ['--experimental-websocket'] },
      },
    ],
  },
});
