// An Engine.IO session. open() walks the transport chain, each transport
// doing its own handshake (no upgrades yet); the one that last worked is
// tried first next time. Events: 'open', 'message' (data), 'close' (reason)
// once open, 'error' (err) when no transport could open. close() is silent.
//
// opts: secure, hostname, port, path, query, withCredentials (for the
// transports), transports (names in order), transportTimeout (ms).
function Engine(opts) {
  this.opts = opts;
  this.readyState = 'closed';
  this.transport = null;
  this.id = null;
  this.preferred = null;
  this.candidates = [];
  this.lastError = null;
  this.pingInterval = 0;
  this.pingTimeout = 0;
  this.openTimer = new Timer();
  this.pingTimer = new Timer();
}

inherit(Engine, Emitter);

Engine.prototype.open = function () {
  if (this.readyState !== 'closed') return;
  this.readyState = 'opening';
  this.lastError = null;
  this.candidates = this.transportOrder();
  this.tryNext();
};

Engine.prototype.transportOrder = function () {
  var names = this.opts.transports;
  var order = [];
  var preferredListed = false;
  for (var i = 0; i < names.length; i++) {
    if (names[i] === this.preferred) preferredListed = true;
    else order.push(names[i]);
  }
  if (preferredListed) order.unshift(this.preferred);
  return order;
};

Engine.prototype.tryNext = function () {
  while (this.candidates.length) {
    var Candidate = transports[this.candidates.shift()];
    if (Candidate && Candidate.isSupported(global)) {
      this.attempt(new Candidate(this.opts));
      return;
    }
  }
  var err = this.lastError || new Error('comet: no supported transport');
  this.cleanup();
  this.emit('error', err);
};

// The transport may call back synchronously from open(), so all state is set before.
Engine.prototype.attempt = function (transport) {
  var self = this;
  this.transport = transport;
  transport.onPackets = function (packets) {
    self.receive(packets);
  };
  transport.onError = function (err) {
    self.transportLost(err, 'transport error');
  };
  transport.onClose = function (reason) {
    self.transportLost(new Error(reason), reason);
  };
  this.openTimer.start(function () {
    self.transportLost(new Error(transport.name + ' open timeout'));
  }, this.opts.transportTimeout);
  transport.open();
};

// Before the handshake a lost transport just means: try the next one.
Engine.prototype.transportLost = function (err, reason) {
  if (this.readyState === 'opening') {
    this.openTimer.stop();
    this.transport.close();
    this.lastError = err;
    this.tryNext();
  } else {
    this.lost(reason);
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
    switch (packet.type) {
      case 'ping':
        this.transport.send([{ type: 'pong', data: packet.data }]);
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
  this.openTimer.stop();
  this.id = hs.sid;
  this.transport.sid = hs.sid;
  this.pingInterval = hs.pingInterval;
  this.pingTimeout = hs.pingTimeout;
  this.preferred = this.transport.name;
  this.readyState = 'open';
  this.resetPingTimer();
  this.emit('open');
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
  this.transport.send(packets);
};

Engine.prototype.close = function () {
  if (this.readyState === 'open') this.transport.send([{ type: 'close' }]);
  this.cleanup();
};

Engine.prototype.lost = function (reason) {
  this.cleanup();
  this.emit('close', reason);
};

Engine.prototype.cleanup = function () {
  this.openTimer.stop();
  this.pingTimer.stop();
  this.candidates = [];
  if (this.transport) {
    this.transport.close();
    this.transport = null;
  }
  this.id = null;
  this.readyState = 'closed';
};
