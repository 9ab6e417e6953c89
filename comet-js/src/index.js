// The global `comet`.

var DEFAULTS = {
  path: '/socket.io/',
  transports: DEFAULT_TRANSPORTS,
  rememberTransport: true,
  upgrade: true,
  withCredentials: false,
  timeout: 20000,
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  autoConnect: true,
  multiplex: true,
  forceNew: false
};

// Managers shared by comet.connect() calls to the same server and path.
var managers = {};

// comet.connect([url], [options]): the url's path is the namespace, its query
// goes into the handshake. Sockets on the same server share one connection
// unless options.forceNew or options.multiplex === false, or the namespace is
// taken already; a shared connection keeps the options of its first socket.
function connect(url, options) {
  if (typeof url === 'object' && url !== null) {
    options = url;
    url = undefined;
  }
  options = options || {};
  var target = parseUri(url);
  var nsp = target.path || '/';
  var opts = extend({}, DEFAULTS, options, {
    secure: target.secure,
    hostname: target.hostname,
    port: target.port,
    query: extend(decodeQuery(target.query), options.query)
  });
  // Servers match the path with its trailing slash.
  opts.path = opts.path.replace(/^\/*/, '/').replace(/\/?$/, '/');
  var key = (opts.secure ? 'https://' : 'http://') + opts.hostname + ':' + opts.port + opts.path;
  var io = managers[key];
  if (options.forceNew || options.multiplex === false || (io && io.nsps[nsp])) {
    io = new Manager(opts);
  } else if (!io) {
    io = managers[key] = new Manager(opts);
  }
  var socket = io.socket(nsp, opts);
  if (opts.autoConnect) socket.connect();
  return socket;
}

var comet = {
  version: '0.1.0',
  connect: connect,
  transports: transports,
  Transport: Transport,
  parser: parser,
  // The latest walk of a transport chain (Engine#attempts), for tests and diagnostics.
  lastChain: null,
  // The latest background upgrade (upgrade.js), for tests and diagnostics.
  lastUpgrade: null
};

global.comet = comet;
