// `npm run mutation [-- stryker options]`: Stryker (stryker.config.mjs) on the core, outside `npm test`
// and CI. docs/mutation.md says what it covers, how long it takes and which survivors are equivalent.
// Stryker 9.6 (not 10, which refuses Node < 22): it supports Node >= 20, as the project does.
import process from 'node:process';

const { StrykerCli } = await import('@stryker-mutator/core');
process.title = 'stryker';
new StrykerCli(['node', 'stryker', 'run', ...process.argv.slice(2)]).run();
