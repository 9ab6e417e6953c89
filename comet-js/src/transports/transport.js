// The transport interface and registry, and what the HTTP transports share.
// A transport carries Engine.IO packets and knows nothing of the session:
// engine.js drives it.
//
//   new T(opts)          opts: secure, hostname, port, path, query, withCredentials
//   T.isSupported(global, opts)  whether this browser can reach that server with it
//   T.delaysLoad         true when its requests would hold the page's load event
//                        (frames, scripts): the engine starts it after that event
//   t.name               registry name, also sent as the `transport` query parameter
//   t.sid                set by the engine once the handshake names the session
//   t.expected           the offset of the next packet from the server (delivery.md):
//                        each packet received but a noop counts; streams take it
//                        from their frames
//   t.acking             set by the engine when the server acknowledges offsets:
//                        the polls then carry `offset`
//   t.resumeSession(sid, expected)
//                        before open(): this instance carries on a session whose
//                        transport was lost, from offset `expected`
//   t.open(), t.send(packets), t.close()
//   t.onOpen(), t.onPackets(packets), t.onClose(reason), t.onError(err)
//                        set by the engine; never called once close() has run;
//                        err.status is the HTTP status of a refused request
//   t.takeUnsent()       packets handed to send() whose delivery is not known
//   t.watch(quiet, longest)
//                        set by the engine once the session is open, in ms: a
//                        transport whose responses may die without a word
//                        checks that its stream still lives (stream.js)
//   t.pause(onPaused), t.resume()
//                        for an upgrade (upgrade.js): stop asking the server for
//                        more once the response under way has ended, let what
//                        was sent arrive, then call onPaused(); resume() undoes
//                        it. Only transports with receiving() can pause.
//
// A subclass implements doOpen(), send() and doClose(), and reports through
// the handle* methods below, which enforce that last rule. The HTTP ones set
// this.upstream (below) and inherit send().
var transports = {};

// The registered transport of that name, or null.
function registeredTransport(name) {
  return hasOwn.call(transports, name) ? transports[name] : null;
}

// Whether this browser can reach that server with it; a browser that throws
// while we look has not got it.
function canUseTransport(Candidate, opts) {
  try {
    return !!Candidate && Candidate.isSupported(global, opts);
  } catch (e) {
    return false;
  }
}

function Transport(opts) {
  this.opts = opts;
  this.sid = null;
  this.readyState = 'closed';
  this.expected = 0;
  this.acking = false;
  this.resumedSession = false;
}

Transport.prototype.onOpen = noop;
Transport.prototype.onPackets = noop;
Transport.prototype.onClose = noop;
Transport.prototype.onError = noop;
Transport.prototype.onPaused = null;
// False where the offset comes with each frame (streams).
Transport.prototype.countsPackets = true;
// True where every GET acknowledges (polls): no noop is needed for it.
Transport.prototype.acksWithRequests = false;

// Most transports hear of their own failures.
Transport.prototype.watch = noop;

Transport.prototype.resumeSession = function (sid, expected) {
  this.sid = sid;
  this.expected = expected;
  this.acking = true;
  this.resumedSession = true;
};

Transport.prototype.open = function () {
  this.readyState = 'opening';
  this.doOpen();
};

Transport.prototype.close = function () {
  if (this.readyState === 'closed') return;
  this.readyState = 'closed';
  this.doClose();
};

Transport.prototype.send = function (packets) {
  this.upstream.send(packets);
};

Transport.prototype.pause = function (onPaused) {
  this.onPaused = onPaused;
  this.checkPaused();
};

Transport.prototype.pausing = function () {
  return !!this.onPaused;
};

// Called whenever a response or a POST ends while pausing.
Transport.prototype.checkPaused = function () {
  if (!this.onPaused || this.readyState !== 'open' || this.receiving() || !this.upstream.idle()) return;
  var onPaused = this.onPaused;
  this.onPaused = null;
  onPaused();
};

Transport.prototype.resume = function () {
  this.onPaused = null;
  if (this.readyState === 'open' && !this.receiving()) this.receiveMore();
};

// scheme: 'ws' or 'http'; the secure variant is chosen here.
Transport.prototype.uri = function (scheme, extraQuery) {
  var opts = this.opts;
  var fixed = { EIO: parser.protocol, transport: this.name };
  // `fixed` twice: first for a readable parameter order, last so user parameters cannot override it.
  var query = extend({}, fixed, opts.query, extraQuery, fixed);
  if (this.sid) query.sid = this.sid;
  // Asks a Comet server for acknowledged delivery (delivery.md); others ignore it.
  else query.comet = 1;
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
  if (this.readyState === 'closed') return;
  if (this.countsPackets) {
    for (var i = 0; i < packets.length; i++) {
      if (packets[i].type !== 'noop') this.expected++;
    }
  }
  this.onPackets(packets);
};

// The query of a poll: once the session is known, it acknowledges all before `offset`.
Transport.prototype.pollQuery = function (query) {
  if (this.acking && this.sid) query.offset = this.expected;
  return query;
};

Transport.prototype.takeUnsent = function () {
  return this.upstream ? this.upstream.takeUnsent() : [];
};

// For text framing (polling and its relatives): one payload of several packets.
Transport.prototype.handlePayload = function (payload) {
  this.handlePackets(decodePayload(payload));
};

Transport.prototype.handleError = function (message, status) {
  if (this.readyState === 'closed') return;
  var err = new Error(message);
  if (status) err.status = status;
  this.onError(err);
};

Transport.prototype.handleClose = function (reason) {
  if (this.readyState === 'closed') return;
  this.close();
  this.onClose(reason);
};

// ---- HTTP ----------------------------------------------------------------------

function defaultPort(secure) {
  return secure ? '443' : '80';
}

// Whether the server is on another origin than the page.
function isCrossOrigin(opts) {
  var loc = global.location;
  if (!loc || !loc.hostname) return true;
  var secure = loc.protocol === 'https:';
  return secure !== !!opts.secure ||
    loc.hostname.replace(/^\[|\]$/g, '').toLowerCase() !== opts.hostname.toLowerCase() ||
    (loc.port || defaultPort(secure)) !== String(opts.port || defaultPort(opts.secure));
}

// XMLHttpRequest level 2: CORS, and a response readable while it arrives.
function hasXhr2(g) {
  try {
    return typeof g.XMLHttpRequest !== 'undefined' && 'withCredentials' in new g.XMLHttpRequest();
  } catch (e) {
    return false;
  }
}

// XHR as the upstream or the poll: same origin, or a browser that does CORS.
function canXhr(g, opts) {
  return typeof g.XMLHttpRequest !== 'undefined' && (!isCrossOrigin(opts) || hasXhr2(g));
}

// One XHR to this transport's URL plus `query`. progress(xhr), if given,
// runs whenever the response grows; done(text) runs on a 200 answer; any
// other ending is reported as `what (status)`. Returns the request, or null
// when it could not even start (reported the same way).
Transport.prototype.request = function (method, body, query, done, what, progress) {
  var self = this;
  var xhr = new global.XMLHttpRequest();
  try {
    xhr.open(method, this.uri('http', query), true);
    // Only after open(): IE10/11 refuse it before.
    if (this.opts.withCredentials) xhr.withCredentials = true;
    if (body !== null) xhr.setRequestHeader('Content-Type', 'text/plain;charset=UTF-8');
    if (progress && 'onprogress' in xhr) {
      xhr.onprogress = function () {
        progress(xhr);
      };
    }
    xhr.onreadystatechange = function () {
      if (xhr.readyState === 3 && progress) progress(xhr);
      if (xhr.readyState !== 4) return;
      forgetRequest(xhr);
      var status;
      try {
        status = xhr.status;
      } catch (e) {
        // Old Firefox throws here after a network error.
        status = 0;
      }
      if (status === 200) done(xhr.responseText);
      else self.handleError(what + ' (' + status + ')', status);
    };
    xhr.send(body);
  } catch (e) {
    this.handleError(what + ': ' + e.message);
    return null;
  }
  return xhr;
};

function forgetRequest(xhr) {
  xhr.onreadystatechange = noop;
  if ('onprogress' in xhr) xhr.onprogress = null;
}

function abortRequest(xhr) {
  forgetRequest(xhr);
  try {
    xhr.abort();
  } catch (e) {
    // Old IE may throw on abort; the request is abandoned either way.
  }
}

// The upstream half of the HTTP transports: at most one request in flight;
// packets sent meanwhile wait and go together in the next one. post(body,
// done) starts a request and calls done() once it is answered; it reports its
// own failures. It keeps going after the transport closed, so that a final
// close packet still reaches the server. send(packets, answered): answered(),
// if given, runs once the request that carries them is answered.
function Upstream(post, onIdle) {
  this.post = post;
  this.onIdle = onIdle;
  this.buffer = [];
  this.inFlight = [];
  this.waiting = [];
  this.busy = false;
}

Upstream.prototype.idle = function () {
  return !this.busy && !this.buffer.length;
};

Upstream.prototype.send = function (packets, answered) {
  for (var i = 0; i < packets.length; i++) this.buffer.push(packets[i]);
  if (answered) this.waiting.push(answered);
  if (!this.busy) this.flush();
};

Upstream.prototype.flush = function () {
  var self = this;
  var packets = this.inFlight = this.buffer;
  var answered = this.waiting;
  this.buffer = [];
  this.waiting = [];
  this.busy = true;
  this.post(encodePayload(packets), function () {
    self.busy = false;
    self.inFlight = [];
    if (self.buffer.length) self.flush();
    else self.onIdle();
    for (var i = 0; i < answered.length; i++) answered[i]();
  });
};

// What a lost transport leaves to its successor: the POST under way (its
// answer may never come) and what waited for it. What waited is not sent here
// any more, and nobody hears of its answer.
Upstream.prototype.takeUnsent = function () {
  var packets = this.inFlight.concat(this.buffer);
  this.buffer = [];
  this.waiting = [];
  return packets;
};

// POSTs of polling payloads, for polling and the streaming transports. An
// answered POST proves that the server has the session: a polling transport
// that resumes one counts as open then (its GET may be held until the next ping).
Transport.prototype.xhrUpstream = function () {
  var self = this;
  return new Upstream(function (body, done) {
    self.request('POST', body, { t: uniqueId() }, function () {
      self.handleOpen();
      done();
    }, 'xhr post error');
  }, function () {
    self.checkPaused();
  });
};
