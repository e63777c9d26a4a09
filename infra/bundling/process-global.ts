// Bundled in place of `node:process` (see ./options.ts). The global `process` is the same object, but
// importing the builtin as an ES module builds its module namespace by reading every property of
// `process` once, getters included: that opens stdin, stdout and stderr as streams and loads what
// they need, some 24 M instructions on Node 22 (a fifth of the bare DynamoDB client's whole init),
// spent by every cold start for the two names the SDK's user-agent code imports. An importer asking
// for a name not exported here fails the build rather than getting a stand-in.

const { env, versions } = globalThis.process;

export { env, versions };
export default globalThis.process;
