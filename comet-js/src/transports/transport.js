// The transport interface and registry. A transport carries Engine.IO packets
// and knows nothing of the session: engine.js drives it.
//
//   new T(opts)          opts: secure, hostname, port, path, query, withCredentials
//   T.isSupported(global)
//   t.name               registry name, also sent as the `transport` query parameter
//   t.sid                set by the engine once the handshake names the session
//   t.open(), t.send(packets), t.close()
//   t.onOpen(), t.onPackets(packets), t.onClose(reason), t.onError(err)
//                        set by the engine; never called once close() has run
//
// A subclass implements doOpen(), send() and doClose(), and reports through
// the handle* methods below, which enforce that last rule.
var transports = {};

function Transport(opts) {
  this.opts = opts;
  this.sid = null;
  this.readyState = 'closed';
}

Transport.prototype.onOpen = noop;
Transport.prototype.onPackets = noop;
Transport.prototype.onClose = noop;
Transport.prototype.onError = noop;

Transport.prototype.open = function () {
  this.readyState = 'opening';
  this.doOpen();
};

Transport.prototype.close = function () {
  if (this.readyState === 'closed') return;
  this.readyState = 'closed';
  this.doClose();
};

// scheme: 'ws' or 'http'; the secure variant is chosen here.
Transport.prototype.uri = function (scheme, extraQuery) {
  var opts = this.opts;
  var fixed = { EIO: parser.protocol, transport: this.name };
  // `fixed` twice: first for a readable parameter order, last so user parameters cannot override it.
  var query = extend({}, fixed, opts.query, extraQuery, fixed);
  if (this.sid) query.sid = this.sid;
  var host = opts.hostname.indexOf(':') >= 0 ? '[' + opts.hostname + ']' : opts.hostname;
  return scheme + (opts.secure ? 's' : '') + '://' + host + (opts.port ? ':' + opts.port : '') +
    opts.path + '?' + encodeQuery(query);
};

Transport.prototype.handleOpen = function () {
  if (this.readyState !== 'opening') return;
  this.readyState = 'open';
  this.onOpen();
};

Transport.prototype.handlePackets = function (packets) {
  if (this.readyState !== 'closed') this.onPackets(packets);
};

// For text framing (polling and its relatives): one payload of several packets.
Transport.prototype.handlePayload = function (payload) {
  this.handlePackets(decodePayload(payload));
};

Transport.prototype.handleError = function (message) {
  if (this.readyState !== 'closed') this.onError(new Error(message));
};

Transport.prototype.handleClose = function (reason) {
  if (this.readyState === 'closed') return;
  this.close();
  this.onClose(reason);
};
