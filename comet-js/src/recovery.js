// Delivery across cuts and reconnects, the socket's part (docs/delivery.md).
//
// Connection state recovery, socket.io's wire form: a CONNECT reply with a
// `pid` lets the socket ask for its state back on its next CONNECT, with the
// offset of the last event it got. Works with a Comet server and with a Node
// one that has recovery on.
//
// Upstream sequence, with a Comet server only (the engine is `acking`): each
// emit gets the socket's next number `seq` and goes with the ack id 2*seq+1
// when it wants an answer, 2*seq when not. It stays in the outbox until the
// server's ACK of that id, and goes again on every connect and resume; the
// server runs it once.

// Returns whether the socket held a pid that the reply did not take up.
Socket.prototype.recover = function (reply) {
  var held = this.pid;
  this.recovered = held !== null && reply.pid === held;
  this.pid = typeof reply.pid === 'string' ? reply.pid : null;
  // The offsets of an earlier socket mean nothing in this one's history: a
  // next recovery naming one would fail.
  if (!this.recovered) this.offset = null;
  return held !== null && !this.recovered;
};

Socket.prototype.forgetRecovery = function () {
  this.pid = null;
  this.offset = null;
};

// The CONNECT's data: the application's auth, with what recovery needs.
Socket.prototype.connectData = function (auth) {
  if (this.pid === null) return auth;
  var recovery = { pid: this.pid };
  if (this.offset !== null) recovery.offset = this.offset;
  return extend({}, isPlainObject(auth) ? auth : null, recovery);
};

// A Comet server with recovery on (it gave a pid) ends every event with its
// offset, which the application does not see. A Node server ends those
// without an ack id with it when it has recovery on, and the application sees
// it, as with socket.io-client. Without a pid no event carries one.
Socket.prototype.takeOffset = function (packet) {
  var args = packet.data;
  var last = args[args.length - 1];
  if (this.pid === null || args.length < 2 || typeof last !== 'string') return;
  if (this.io.engine.acking) this.offset = args.pop();
  else if (packet.id == null) this.offset = last;
};

// While the engine resumes, a new emit waits in the outbox for 'resume'
// rather than in the engine's buffer, so that it goes once.
Socket.prototype.sequence = function (emit, send) {
  emit.seq = ++this.seq;
  emit.id = 2 * emit.seq + (emit.ack ? 1 : 0);
  this.outbox.push(emit);
  if (send && !this.io.engine.resuming) this.sendSequenced(emit);
};

Socket.prototype.sendSequenced = function (emit) {
  this.packet({ type: SIO.EVENT, data: emit.data, id: emit.id });
};

Socket.prototype.sendOutbox = function () {
  for (var i = 0; i < this.outbox.length; i++) this.sendSequenced(this.outbox[i]);
};

// Only the first ACK of an id counts: a repeat may come for a repeated emit.
Socket.prototype.onSequenceAck = function (packet) {
  for (var i = 0; i < this.outbox.length; i++) {
    var emit = this.outbox[i];
    if (emit.id !== packet.id) continue;
    this.outbox.splice(i, 1);
    if (emit.ack) emit.ack.apply(this, packet.data);
    return;
  }
};

// The engine carried the session over a cut, in which what the socket sent
// may have been lost.
Socket.prototype.onResume = function () {
  if (this.connected) this.sendOutbox();
  else if (this.connecting) this.sendConnect();
};

// Emits not yet acknowledged by a Comet server, and those waiting for a connection.
Socket.prototype.pendingEmits = function () {
  return this.outbox.length + this.sendBuffer.length;
};
