// An Engine.IO session. open() walks the transport chain, each transport
// doing its own handshake. Events: 'open', 'message' (data),
// 'close' (reason) once open, 'error' (err) when no transport could open.
// close() is silent. Once open, it may move to WebSocket (upgrade.js) and
// emit 'upgrade' (name). With a Comet server (`acking`) it acknowledges what
// it got and carries on after a lost transport, emitting 'resume'
// (delivery.js).
//
// The chain is opts.transports in order, the transport that last worked
// first: the one that worked for this engine, else the one the page remembers
// for this server (chain.js). Unsupported ones are skipped; one that fails or
// has not opened within the open timeout gives way to the next.
//
// `attempts` records the latest walk, one entry per transport:
// { transport, outcome, ms, timeout, error }, outcome one of 'pending',
// 'open', 'error', 'timeout', 'aborted' (closed meanwhile), 'unsupported'
// (by this browser, for this server) or 'unknown' (not registered).
//
// opts: secure, hostname, port, path, query, withCredentials (for the
// transports), transports (names in order), transportTimeout (ms; a number
// fixes it, otherwise it follows `rtt`), rememberTransport.
function Engine(opts) {
  this.opts = opts;
  this.key = (opts.secure ? 'https://' : 'http://') + opts.hostname + ':' + opts.port + opts.path;
  this.readyState = 'closed';
  this.transport = null;
  this.id = null;
  this.preferred = null;
  this.recalled = null;
  this.candidates = [];
  this.attempts = [];
  this.record = null;
  this.attemptStart = 0;
  this.lastError = null;
  this.rtt = pageRtt();
  this.timeoutScale = 1;
  this.pingInterval = 0;
  this.pingTimeout = 0;
  this.upgrading = null;
  this.upgradeBuffer = [];
  this.upgrades = [];
  this.openTimer = new Timer();
  this.pingTimer = new Timer();
  this.acking = false;
  this.acked = 0;
  this.lastArrival = 0;
  this.ackTimer = new Timer();
  this.resuming = false;
  this.resumeBuffer = [];
  this.resumeFailures = 0;
  this.resumeTries = 0;
  this.unproven = false;
  this.resumes = 0;
  this.resumeTimer = new Timer();
}

inherit(Engine, Emitter);

Engine.prototype.open = function () {
  if (this.readyState !== 'closed') return;
  this.readyState = 'opening';
  this.lastError = null;
  this.acking = false;
  this.attempts = [];
  comet.lastChain = this.attempts;
  this.candidates = this.transportOrder();
  this.tryNext();
};

Engine.prototype.transportOrder = function () {
  var names = this.opts.transports;
  this.recalled = this.preferred || !this.opts.rememberTransport ? null : recallTransport(this.key);
  var first = this.preferred || this.recalled;
  var order = [];
  var firstListed = false;
  for (var i = 0; i < names.length; i++) {
    if (names[i] === first) firstListed = true;
    else order.push(names[i]);
  }
  if (firstListed) order.unshift(first);
  return order;
};

Engine.prototype.tryNext = function () {
  while (this.candidates.length) {
    var name = this.candidates.shift();
    var Candidate = registeredTransport(name);
    if (canUseTransport(Candidate, this.opts)) {
      this.attemptWhenReady(name, Candidate);
      return;
    }
    this.attempts.push({ transport: name, outcome: Candidate ? 'unsupported' : 'unknown', ms: 0 });
  }
  for (var i = 0; i < this.attempts.length; i++) {
    if (this.attempts[i].outcome === 'timeout') {
      this.timeoutScale = Math.min(this.timeoutScale * 2, TIMEOUT_SCALE_MAX);
      break;
    }
  }
  var err = this.lastError || new Error('comet: no supported transport');
  this.cleanup();
  // Never from inside open() (when no transport is even supported): a page attaches its handlers after
  // connect() returns, and must still hear connect_error.
  var self = this;
  setTimeout(function () {
    self.emit('error', err);
  }, 0);
};

Engine.prototype.openTimeout = function () {
  var fixed = this.opts.transportTimeout;
  return typeof fixed === 'number' ? fixed : openTimeout(this.rtt, this.timeoutScale);
};

Engine.prototype.attemptWhenReady = function (name, Candidate) {
  var self = this;
  var walk = this.attempts;
  if (!Candidate.delaysLoad || documentLoaded()) {
    this.attempt(name, Candidate);
    return;
  }
  afterLoad(function () {
    if (self.attempts === walk && self.readyState === 'opening') self.attempt(name, Candidate);
  });
};

// The transport may call back synchronously from open(), so all state is set before.
Engine.prototype.attempt = function (name, Candidate) {
  var self = this;
  var transport = new Candidate(this.opts);
  this.record = { transport: name, outcome: 'pending', ms: 0, timeout: this.openTimeout() };
  this.attempts.push(this.record);
  this.attemptStart = now();
  this.bind(transport);
  this.openTimer.start(function () {
    self.attemptFailed('timeout', new Error(name + ' open timeout'));
  }, this.record.timeout);
  transport.open();
};

// Makes `transport` the one that carries the session.
Engine.prototype.bind = function (transport) {
  var self = this;
  this.transport = transport;
  transport.onOpen = noop;
  transport.onPackets = function (packets) {
    self.receive(packets);
  };
  transport.onError = function (err) {
    self.transportLost(err, 'transport error');
  };
  transport.onClose = function (reason) {
    self.transportLost(new Error(reason), reason);
  };
};

// Completes the current attempt's record.
Engine.prototype.settle = function (outcome, err) {
  var record = this.record;
  if (!record) return;
  this.record = null;
  record.outcome = outcome;
  record.ms = now() - this.attemptStart;
  if (err) record.error = err.message;
};

// Before the handshake a lost transport just means: try the next one. A
// Comet session outlives its transport, unless the server no longer knows it (400).
Engine.prototype.transportLost = function (err, reason) {
  if (this.readyState === 'opening') this.attemptFailed('error', err);
  else if (this.acking && err.status !== 400) this.resume(reason);
  else this.lost(reason);
};

Engine.prototype.attemptFailed = function (outcome, err) {
  var name = this.record.transport;
  this.openTimer.stop();
  this.transport.close();
  this.settle(outcome, err);
  if (name === this.recalled) {
    this.recalled = null;
    rememberTransport(this.key, null);
  }
  this.lastError = err;
  this.tryNext();
};

// The page remembers a transport when one before it in opts.transports failed
// in this walk; otherwise the plain order finds it first anyway.
Engine.prototype.remember = function (name) {
  var names = this.opts.transports;
  for (var i = 0; i < names.length && names[i] !== name; i++) {
    for (var j = 0; j < this.attempts.length; j++) {
      var attempt = this.attempts[j];
      if (attempt.transport === names[i] && (attempt.outcome === 'error' || attempt.outcome === 'timeout')) {
        rememberTransport(this.key, name);
        return;
      }
    }
  }
};

Engine.prototype.receive = function (packets) {
  for (var i = 0; i < packets.length && this.readyState !== 'closed'; i++) {
    var packet = packets[i];
    if (this.readyState === 'opening') {
      if (packet.type === 'open') this.handshake(packet.data);
      continue;
    }
    this.resetPingTimer();
    this.resumeTries = 0;
    if (this.unproven) this.proveResume();
    switch (packet.type) {
      case 'ping':
        this.sendPackets([{ type: 'pong', data: packet.data }]);
        break;
      case 'message':
        this.emit('message', packet.data);
        break;
      case 'close':
        this.lost('transport close');
        break;
      case 'error':
        this.lost('parse error');
        break;
    }
  }
  if (this.acking && this.readyState === 'open') this.acknowledge();
};

Engine.prototype.handshake = function (data) {
  var hs = null;
  try {
    hs = json.parse(data);
  } catch (e) {
    // Reported below like any other bad handshake.
  }
  if (!hs || typeof hs.sid !== 'string' || typeof hs.pingInterval !== 'number' || typeof hs.pingTimeout !== 'number') {
    this.transportLost(new Error('comet: bad handshake'));
    return;
  }
  var record = this.record;
  var name = record.transport;
  this.openTimer.stop();
  this.settle('open');
  this.rtt = smoothRtt(this.rtt, record.ms);
  this.timeoutScale = 1;
  if (this.opts.rememberTransport) this.remember(name);
  this.id = hs.sid;
  this.transport.sid = hs.sid;
  this.acking = this.transport.acking = hs.comet === 1;
  this.acked = 0;
  this.upgrades = hs.upgrades;
  this.pingInterval = hs.pingInterval;
  this.pingTimeout = hs.pingTimeout;
  this.preferred = name;
  this.readyState = 'open';
  this.resetPingTimer();
  this.watchTransport(this.transport);
  this.emit('open');
  if (this.readyState === 'open') this.upgradeIfOffered(hs.upgrades);
};

// A transport that may lose its response without a word checks it after
// `quiet` ms of silence, the open timeout (stream.js); it need not check an
// idle one more often than the server's pings come.
Engine.prototype.watchTransport = function (transport) {
  var quiet = this.openTimeout();
  transport.watch(quiet, this.pingInterval + quiet);
};

// The server pings every pingInterval; silence for longer than that plus
// pingTimeout means the connection is dead even if the transport has not noticed.
Engine.prototype.resetPingTimer = function () {
  var self = this;
  this.pingTimer.start(function () {
    self.lost('ping timeout');
  }, this.pingInterval + this.pingTimeout);
};

// messages: strings or binary, sent together (one POST when polling).
Engine.prototype.send = function (messages) {
  if (this.readyState !== 'open') return;
  var packets = [];
  for (var i = 0; i < messages.length; i++) packets.push({ type: 'message', data: messages[i] });
  this.sendPackets(packets);
};

// While the transport pauses for an upgrade, packets wait for the one that
// follows; while the session resumes, messages wait for the transport that
// carries it on (a pong is sent anyway once it does).
Engine.prototype.sendPackets = function (packets) {
  if (this.resuming) {
    this.resumeBuffer = this.resumeBuffer.concat(messagesOf(packets));
  } else if (this.upgrading && this.transport.pausing()) {
    for (var i = 0; i < packets.length; i++) this.upgradeBuffer.push(packets[i]);
  } else {
    this.transport.send(packets);
  }
};

// An upgrade under way is dropped first, so that what waited for it and the
// close packet go out on the transport that still carries the session.
Engine.prototype.close = function () {
  this.abandonUpgrade('closed');
  if (this.readyState === 'open' && !this.resuming) this.transport.send([{ type: 'close' }]);
  this.cleanup();
};

Engine.prototype.lost = function (reason) {
  this.cleanup();
  this.emit('close', reason);
};

Engine.prototype.cleanup = function () {
  this.settle('aborted');
  this.openTimer.stop();
  this.pingTimer.stop();
  this.ackTimer.stop();
  this.resumeTimer.stop();
  this.resuming = false;
  this.resumeBuffer = [];
  this.resumeFailures = this.resumeTries = 0;
  this.unproven = false;
  this.candidates = [];
  if (this.transport) {
    this.transport.close();
    this.transport = null;
  }
  this.abandonUpgrade('closed');
  this.id = null;
  this.readyState = 'closed';
};
