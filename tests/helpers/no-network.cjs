// Preloaded with `node --require` by tests: any outbound connection that is not to loopback, and any
// DNS lookup of a non-loopback name, fails loudly. Proves a run sends nothing anywhere else.
const net = require('node:net');
const dns = require('node:dns');

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const refuse = (what) => {
  const message = `no-network: connexion refusée vers ${what}`;
  process.stderr.write(`${message}\n`);
  const err = new Error(message);
  err.code = 'ENETUNREACH';
  return err;
};

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  // net.connect() hands Socket#connect its normalised arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  const host = opts.host ?? 'localhost';
  if (opts.path === undefined && !LOOPBACK.test(String(host))) {
    process.nextTick(() => this.destroy(refuse(`${host}:${opts.port}`)));
    return this;
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, ...rest) {
  if (!LOOPBACK.test(hostname)) {
    const cb = rest.at(-1);
    process.nextTick(() => cb(refuse(hostname)));
    return;
  }
  return originalLookup.call(this, hostname, ...rest);
};
