// Acknowledged delivery, the engine's part (docs/delivery.md). Inert unless
// the open packet says "comet":1 (`acking`): then the server keeps every
// packet until the client names a later offset, and a lost transport does not
// end the session.
//
// Acknowledging: the polls name the offset with every GET; on websocket and
// the streams a noop `6N` goes once ACK_EVERY packets are unacknowledged, or
// ACK_DELAY ms after the last unacknowledged one arrived.
//
// Resuming: a new instance of the same transport carries the session on from
// the offset expected next (Transport#resumeSession). Meanwhile messages wait
// (Engine#sendPackets); once it opens it sends a pong (one lost in the cut
// would let the server's heartbeat run out), then what waited, and the engine
// emits 'resume'. The engine gives up, emitting 'close' as without acking, when
// RESUME_ATTEMPTS attempts in a row failed before the server showed that it
// still has the session (by answering, or, on a stream, by a packet), when
// the server no longer knows the session (400), or when the ping timer runs
// out.

var ACK_EVERY = 100;
var ACK_DELAY = 1000;
// ms before each attempt, the last one repeated; back to the first once a packet arrives.
var RESUME_DELAYS = [0, 50, 100, 200, 400, 800, 1000];
var RESUME_ATTEMPTS = 5;

// Engine-level packets are not carried over a cut: the resumed transport
// sends its own pong, and its request or an upgrade names the offset.
function messagesOf(packets) {
  var messages = [];
  for (var i = 0; i < packets.length; i++) {
    if (packets[i].type === 'message') messages.push(packets[i]);
  }
  return messages;
}

// The offset of the next packet expected from the server.
Engine.prototype.expected = function () {
  return this.transport ? this.transport.expected : 0;
};

// Called after every batch of packets received. One timer, restarted only
// when it fires early, however many packets arrive.
Engine.prototype.acknowledge = function () {
  var transport = this.transport;
  var unacked = transport.expected - this.acked;
  if (transport.acksWithRequests || this.resuming || unacked <= 0) return;
  if (unacked >= ACK_EVERY) {
    this.sendAck();
    return;
  }
  this.lastArrival = now();
  if (!this.ackTimer.pending()) this.ackLater(ACK_DELAY);
};

Engine.prototype.ackLater = function (ms) {
  var self = this;
  this.ackTimer.start(function () {
    var wait = self.lastArrival + ACK_DELAY - now();
    if (wait > 0) self.ackLater(wait);
    else self.sendAck();
  }, ms);
};

// Not while resuming or pausing for an upgrade: the resumed transport's
// request or the upgrade packet names the offset, and a noop arriving after
// it would name one the server has forgotten.
Engine.prototype.sendAck = function () {
  var transport = this.transport;
  this.ackTimer.stop();
  if (this.resuming || transport.pausing() || transport.expected <= this.acked) return;
  this.acked = transport.expected;
  transport.send([{ type: 'noop', data: String(this.acked) }]);
};

Engine.prototype.resume = function (reason) {
  var self = this;
  var lost = this.transport;
  if (this.resumeFailures >= RESUME_ATTEMPTS) {
    this.lost(reason);
    return;
  }
  lost.close();
  // What the server may not have got goes first (it drops repeats of
  // Socket.IO events), then what waited for an upgrade, then the rest.
  var carried = messagesOf(lost.takeUnsent().concat(this.abandonUpgrade(reason)));
  this.resumeBuffer = carried.concat(this.resumeBuffer);
  this.resuming = true;
  // The resumed transport's first request names the offset.
  this.acked = lost.expected;
  this.ackTimer.stop();
  var delay = RESUME_DELAYS[Math.min(this.resumeTries, RESUME_DELAYS.length - 1)];
  this.resumeTries++;
  this.resumeTimer.start(function () {
    self.resumeAttempt(lost);
  }, delay);
};

// The transport may call back synchronously from open() (a stream opens at
// once), so all state is set before.
Engine.prototype.resumeAttempt = function (lost) {
  var self = this;
  var transport = new lost.constructor(this.opts);
  transport.resumeSession(this.id, lost.expected);
  this.watchTransport(transport);
  this.resumeFailures++;
  this.bind(transport);
  transport.onOpen = function () {
    self.resumed(transport);
  };
  // An HTTP transport's poll may be held until the next ping: its pong goes
  // at once, and a polling transport counts as open when that is answered.
  if (transport.upstream) transport.send([{ type: 'pong' }]);
  transport.open();
};

Engine.prototype.resumed = function (transport) {
  if (this.transport !== transport || !this.resuming) return;
  var buffered = this.resumeBuffer;
  this.resuming = false;
  this.resumeBuffer = [];
  // A stream opens before anything shows that the server still has the
  // session: only a packet proves it (Engine#receive).
  if (transport instanceof StreamTransport) this.unproven = true;
  else this.proveResume();
  if (!transport.upstream) transport.send([{ type: 'pong' }]);
  if (buffered.length) transport.send(buffered);
  this.emit('resume');
  if (this.transport === transport && this.readyState === 'open') this.upgradeIfOffered(this.upgrades);
};

// `resumes` counts the resumes that the server took up.
Engine.prototype.proveResume = function () {
  this.unproven = false;
  this.resumeFailures = 0;
  this.resumes++;
};
