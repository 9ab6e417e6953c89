// One engine connection, shared by the sockets of one or more namespaces,
// and the reconnection policy. Sockets that want to be connected are
// `active`; the connection lives while at least one is.
function Manager(opts) {
  var self = this;
  this.opts = opts;
  this.nsps = {};
  this.engine = new Engine(opts);
  this.decoder = new Decoder();
  this.readyState = 'closed';
  this.attempts = 0;
  this.connectTimer = new Timer();
  this.reconnectTimer = new Timer();
  this.engine.on('open', function () {
    self.onOpen();
  });
  this.engine.on('message', function (data) {
    self.onMessage(data);
  });
  this.engine.on('error', function (err) {
    self.openFailed(err);
  });
  this.engine.on('close', function (reason) {
    self.lost(reason);
  });
  this.relay('upgrade', 'onUpgrade');
  this.relay('resume', 'onResume');
}

// An engine event that each active socket handles with its method of that name.
Manager.prototype.relay = function (event, method) {
  var self = this;
  this.engine.on(event, function (arg) {
    self.eachActive(function (socket) {
      socket[method](arg);
    });
  });
};

Manager.prototype.socket = function (nsp, opts) {
  var socket = new Socket(this, nsp, opts);
  this.nsps[nsp] = socket;
  return socket;
};

// No-op while connected, connecting or waiting to retry.
Manager.prototype.open = function () {
  if (this.readyState !== 'closed' || this.reconnectTimer.pending()) return;
  var self = this;
  this.readyState = 'opening';
  this.connectTimer.start(function () {
    self.engine.close();
    self.openFailed(new Error('timeout'));
  }, this.opts.timeout);
  this.engine.open();
};

Manager.prototype.onOpen = function () {
  var attempts = this.attempts;
  this.connectTimer.stop();
  this.attempts = 0;
  this.readyState = 'open';
  this.decoder.reset();
  this.eachActive(function (socket) {
    if (attempts) socket.emitLocal('reconnect', attempts);
    socket.sendConnect();
  });
};

Manager.prototype.onMessage = function (data) {
  var packet;
  try {
    packet = this.decoder.add(data);
  } catch (e) {
    this.engine.close();
    this.lost('parse error');
    return;
  }
  var socket = packet && this.nsps[packet.nsp];
  if (socket && socket.active) socket.onPacket(packet);
};

Manager.prototype.packet = function (packet) {
  if (this.readyState === 'open') this.engine.send(encodeSocketPacket(packet));
};

Manager.prototype.openFailed = function (err) {
  this.connectTimer.stop();
  this.readyState = 'closed';
  this.eachActive(function (socket) {
    socket.emitLocal('connect_error', err);
  });
  this.reconnect();
};

Manager.prototype.lost = function (reason) {
  this.readyState = 'closed';
  this.decoder.reset();
  this.eachActive(function (socket) {
    socket.onClose(reason);
  });
  this.reconnect();
};

Manager.prototype.reconnect = function () {
  var opts = this.opts;
  // A disconnect listener may already have reopened the connection.
  if (!opts.reconnection || this.readyState !== 'closed' || this.reconnectTimer.pending() || !this.hasActive()) return;
  if (this.attempts >= opts.reconnectionAttempts) {
    this.attempts = 0;
    this.eachActive(function (socket) {
      socket.emitLocal('reconnect_failed');
    });
    return;
  }
  var self = this;
  this.reconnectTimer.start(function () {
    var attempt = ++self.attempts;
    self.eachActive(function (socket) {
      socket.emitLocal('reconnect_attempt', attempt);
    });
    self.open();
  }, this.backoff(this.attempts));
};

// min(delay * 2^attempt, max), spread by +/- randomizationFactor so that
// many clients dropped at once do not come back at once; never above max.
Manager.prototype.backoff = function (attempt) {
  var opts = this.opts;
  var ms = Math.min(opts.reconnectionDelay * Math.pow(2, attempt), opts.reconnectionDelayMax);
  ms *= 1 + opts.randomizationFactor * (2 * Math.random() - 1);
  return Math.min(ms, opts.reconnectionDelayMax);
};

// Called when a socket stops being active: the last one closes the connection.
Manager.prototype.release = function () {
  if (this.hasActive()) return;
  this.connectTimer.stop();
  this.reconnectTimer.stop();
  this.attempts = 0;
  this.engine.close();
  this.decoder.reset();
  this.readyState = 'closed';
};

Manager.prototype.eachActive = function (fn) {
  for (var nsp in this.nsps) {
    if (hasOwn.call(this.nsps, nsp) && this.nsps[nsp].active) fn(this.nsps[nsp]);
  }
};

Manager.prototype.hasActive = function () {
  var found = false;
  this.eachActive(function () {
    found = true;
  });
  return found;
};
