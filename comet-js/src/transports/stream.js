// The shared base of the streaming transports (xhr-streaming, eventsource,
// htmlfile): one long response carries the server's packets, each with its
// offset in the session's stream (0 is the open packet); POSTs carry ours.
//
// A new session's stream starts with the open packet and a noop. The open
// packet is held back until the noop has come too: a proxy that buffers
// responses delays both, and the engine's open timeout moves on.
//
// A response may end at any time (the server ends it after a byte budget, a
// network may cut it). The next one asks for the offset expected next and the
// server sends everything from there again; packets already had are skipped,
// so nothing is lost or duplicated.
//
// A stream that resumes a session (Transport#resumeSession) asks for its
// offset at once and counts as open when it starts: it may bring nothing
// until the server's next ping.
//
// A subclass implements connect(query), which opens a response with `query`
// added to the URL, and disconnect(), which drops it silently; it hands each
// packet to frame(offset, text) and calls ended() when the response ends.

function StreamTransport(opts) {
  Transport.call(this, opts);
  this.held = null;
  this.progressed = false;
  this.streaming = false;
  this.forgiveEmpty = false;
  this.upstream = this.xhrUpstream();
}

inherit(StreamTransport, Transport);

StreamTransport.prototype.countsPackets = false;

StreamTransport.prototype.doOpen = function () {
  this.streaming = true;
  if (!this.resumedSession) {
    this.connect({ t: uniqueId() });
    return;
  }
  this.connect({ offset: this.expected, t: uniqueId() });
  this.handleOpen();
};

StreamTransport.prototype.doClose = function () {
  this.streaming = false;
  this.disconnect();
};

StreamTransport.prototype.receiving = function () {
  return this.streaming;
};

// After an abandoned upgrade, a response ending empty is no failure: the
// server ends the one it holds for the probe, and answers a new one that way
// until it hears that the WebSocket is gone.
StreamTransport.prototype.resume = function () {
  this.forgiveEmpty = true;
  Transport.prototype.resume.call(this);
};

// The next response, from the offset expected next.
StreamTransport.prototype.receiveMore = function () {
  this.progressed = false;
  this.streaming = true;
  this.connect({ offset: this.expected, t: uniqueId() });
};

// offset: a number, or its decimal string (an event id).
StreamTransport.prototype.frame = function (offset, text) {
  if (this.readyState === 'closed') return;
  if (typeof offset === 'string' && /^\d{1,15}$/.test(offset)) offset = Number(offset);
  if (typeof offset !== 'number' || !(offset >= 0) || offset % 1 !== 0 || typeof text !== 'string') {
    this.handleError(this.name + ' bad frame');
    return;
  }
  if (offset < this.expected) return;
  if (offset > this.expected) {
    this.handleError(this.name + ' missed packets ' + this.expected + ' to ' + (offset - 1));
    return;
  }
  this.expected++;
  this.progressed = true;
  var packet = decodePacket(text);
  if (this.readyState === 'open') {
    this.handlePackets([packet]);
  } else if (offset === 0) {
    this.held = packet;
  } else {
    var open = this.held;
    this.held = null;
    this.handleOpen();
    this.handlePackets([open, packet]);
  }
};

// A response that brought nothing new is not reopened: the server refused
// it (e.g. the session is gone) or something in between is broken. While
// pausing, the server ends the response on purpose and none follows.
StreamTransport.prototype.ended = function () {
  if (this.readyState === 'closed') return;
  if (this.readyState !== 'open') {
    this.handleError(this.name + ' stream ended before the handshake');
    return;
  }
  if (!this.pausing() && !this.progressed && !this.forgiveEmpty) {
    this.handleError(this.name + ' stream ended without data');
    return;
  }
  if (this.progressed) this.forgiveEmpty = false;
  this.streaming = false;
  this.disconnect();
  if (this.pausing()) this.checkPaused();
  else this.receiveMore();
};
