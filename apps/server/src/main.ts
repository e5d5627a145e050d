import { runCli } from './cli/index.js';

// `node dist/main.js` is `metamorph serve`.
await runCli(['serve', ...process.argv.slice(2)]);
