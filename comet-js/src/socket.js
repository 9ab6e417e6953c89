// A Socket.IO socket: one namespace over a Manager's connection.
//
// Properties: id, connected, active, transport, nsp, io (the Manager),
// recovered (the last CONNECT got the socket's state back).
// Local events: connect, disconnect (reason), connect_error (err),
// reconnect_attempt (n), reconnect (n), reconnect_failed, upgrade (the
// transport it moved to, see upgrade.js), recovery_failed (just before a
// connect that did not recover, see recovery.js).

// Local events that emit() must not send to the server by mistake.
var RESERVED_EVENTS = {
  connect: 1,
  connect_error: 1,
  disconnect: 1,
  disconnecting: 1,
  newListener: 1,
  recovery_failed: 1,
  removeListener: 1
};

function Socket(io, nsp, opts) {
  this.io = io;
  this.nsp = nsp;
  this.auth = opts.auth;
  this.id = undefined;
  this.connected = false;
  this.active = false;
  this.transport = undefined;
  this.ackId = 0;
  this.acks = {};
  this.sendBuffer = [];
  this.connecting = false;
  this.recovered = false;
  this.pid = null;
  this.offset = null;
  this.seq = 0;
  this.outbox = [];
}

inherit(Socket, Emitter);

// emit() talks to the server; this is the Emitter's own.
Socket.prototype.emitLocal = Emitter.prototype.emit;

Socket.prototype.connect = function () {
  if (!this.active) {
    this.active = true;
    if (this.io.readyState === 'open') this.sendConnect();
  }
  this.io.open();
  return this;
};

Socket.prototype.open = Socket.prototype.connect;

Socket.prototype.disconnect = function () {
  var wasConnected = this.connected;
  if (wasConnected) this.packet({ type: SIO.DISCONNECT });
  this.forgetRecovery();
  this.deactivate();
  if (wasConnected) this.onClose('io client disconnect');
  return this;
};

Socket.prototype.close = Socket.prototype.disconnect;

// emit(event, args..., [ack]): a trailing function gets the server's answer.
// Sent at once when connected, otherwise queued until (re)connected. With a
// Comet server it is numbered and kept until acknowledged (recovery.js).
Socket.prototype.emit = function (event) {
  if (hasOwn.call(RESERVED_EVENTS, event)) throw new Error('comet: "' + event + '" is a reserved event name');
  var args = slice.call(arguments);
  var emit = { data: args, ack: typeof args[args.length - 1] === 'function' ? args.pop() : null };
  if (!this.connected) this.sendBuffer.push(emit);
  else if (this.io.engine.acking) this.sequence(emit, true);
  else this.sendPlain(emit);
  return this;
};

Socket.prototype.sendPlain = function (emit) {
  var packet = { type: SIO.EVENT, data: emit.data };
  if (emit.ack) {
    packet.id = this.ackId++;
    this.acks[packet.id] = emit.ack;
  }
  this.packet(packet);
};

Socket.prototype.packet = function (packet) {
  packet.nsp = this.nsp;
  this.io.packet(packet);
};

// `auth` may be a function(cb), e.g. to fetch a fresh token for every attempt.
Socket.prototype.sendConnect = function () {
  var self = this;
  this.connecting = true;
  if (typeof this.auth !== 'function') {
    this.packet({ type: SIO.CONNECT, data: this.connectData(this.auth) });
    return;
  }
  this.auth(function (data) {
    if (self.active && !self.connected) self.packet({ type: SIO.CONNECT, data: self.connectData(data) });
  });
};

Socket.prototype.onPacket = function (packet) {
  switch (packet.type) {
    case SIO.CONNECT:
      if (packet.data && typeof packet.data.sid === 'string') this.onConnect(packet.data);
      else this.onConnectError({ message: 'comet: invalid CONNECT reply' });
      break;
    case SIO.EVENT:
    case SIO.BINARY_EVENT:
      this.onEvent(packet);
      break;
    case SIO.ACK:
    case SIO.BINARY_ACK:
      this.onAck(packet);
      break;
    case SIO.DISCONNECT:
      // The server ended this socket on purpose: there is nothing to recover.
      this.forgetRecovery();
      this.deactivate();
      this.onClose('io server disconnect');
      break;
    case SIO.CONNECT_ERROR:
      this.onConnectError(packet.data);
      break;
  }
};

// The queue goes out before 'connect' fires, so that anything a connect
// listener emits still comes after what was emitted earlier. Emits kept for
// a Comet server go again (it drops repeats); numbered ones from an earlier
// Comet session go as plain emits to a server that does not number them.
Socket.prototype.onConnect = function (reply) {
  var failed = this.recover(reply);
  var queue = this.sendBuffer;
  var i;
  this.id = reply.sid;
  this.connected = true;
  this.connecting = false;
  this.transport = this.io.engine.transport.name;
  this.sendBuffer = [];
  if (this.io.engine.acking) {
    for (i = 0; i < queue.length; i++) this.sequence(queue[i], false);
    this.sendOutbox();
  } else {
    queue = this.outbox.concat(queue);
    this.outbox = [];
    for (i = 0; i < queue.length; i++) this.sendPlain(queue[i]);
  }
  if (failed) this.emitLocal('recovery_failed');
  this.emitLocal('connect');
};

// The connection moved to another transport (upgrade.js); nothing else changes.
Socket.prototype.onUpgrade = function (name) {
  if (!this.connected) return;
  this.transport = name;
  this.emitLocal('upgrade', name);
};

// The server refused this namespace (unknown, or rejected by middleware):
// retrying would not help, so the socket stops until connect() is called.
Socket.prototype.onConnectError = function (data) {
  this.connecting = false;
  var err = new Error(typeof data === 'string' ? data : data.message);
  if (data.data !== undefined) err.data = data.data;
  this.deactivate();
  this.emitLocal('connect_error', err);
};

Socket.prototype.onEvent = function (packet) {
  var args = packet.data;
  this.takeOffset(packet);
  if (packet.id != null) args.push(this.ackCallback(packet.id));
  this.emitLocal.apply(this, args);
};

Socket.prototype.ackCallback = function (id) {
  var self = this;
  var sent = false;
  return function () {
    if (sent) return;
    sent = true;
    self.packet({ type: SIO.ACK, id: id, data: slice.call(arguments) });
  };
};

Socket.prototype.onAck = function (packet) {
  if (this.io.engine.acking) {
    this.onSequenceAck(packet);
    return;
  }
  var fn = this.acks[packet.id];
  if (typeof fn !== 'function') return;
  delete this.acks[packet.id];
  fn.apply(this, packet.data);
};

Socket.prototype.onClose = function (reason) {
  this.connecting = false;
  if (!this.connected) return;
  this.connected = false;
  this.id = undefined;
  this.emitLocal('disconnect', reason);
};

Socket.prototype.deactivate = function () {
  this.active = false;
  this.io.release();
};
