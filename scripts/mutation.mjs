// `npm run mutation [-- stryker options]`: Stryker (stryker.config.mjs) on the core, outside `npm test`
// and CI. docs/mutation.md says what it covers, how long it takes and which survivors are equivalent.
//
// Stryker 10 refuses to start on Node < 22 (its `engines`), while the project supports Node >= 20.19 and
// this machine and CI have Node 20.20. It runs fine there (Node 20.19+ has everything it uses; its test
// runner and checker workers are separate processes that do not check), so on Node 20 this wrapper
// presents Stryker's start-up check with the version it asks for. On Node >= 22 it changes nothing.
import process from 'node:process';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.warn(`mutation: Node ${process.version}; Stryker 10 asks for Node >= 22, running it anyway.`);
  Object.defineProperty(process, 'version', { value: 'v22.0.0', enumerable: true });
}
const { StrykerCli } = await import('@stryker-mutator/core');
process.title = 'stryker';
new StrykerCli(['node', 'stryker', 'run', ...process.argv.slice(2)]).run();
