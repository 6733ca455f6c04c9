// Imports the npm packages given as arguments, without tsx: what the CLI's third-party
// dependencies alone cost at start-up (time and memory measured by the bench driver).
await Promise.all(process.argv.slice(2).map((spec) => import(spec)));
