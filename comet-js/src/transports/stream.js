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
// A response may also die without a word: Chromium leaves a frame whose
// connection was reset loading for ever, with neither a load event nor an
// error (htmlfile sets `failsSilently`). There the engine's watch(quiet,
// longest) arms a watchdog. A stream that has brought no frame for `quiet` ms
// is asked to prove that it lives: a ping goes up, which a Comet server
// answers with a pong down the stream (delivery.md). If no frame has come
// `quiet` ms after the POST that carried the ping was answered, the response
// is taken as cut and reported as an error: the engine resumes the session
// from the offset expected next, so nothing is lost. Each probe doubles the
// silence allowed before the next one, up to `longest`; a message brings it
// back to `quiet`, so an idle stream is asked rarely (the server's own pings
// keep it from being asked at all) and a busy one is missed for little more
// than 2 * quiet. A stream that resumes a session is asked at once.
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
  this.quiet = 0;
  this.longest = 0;
  this.silence = 0;
  this.lastFrame = 0;
  this.probing = false;
  this.watchdog = new Timer();
}

inherit(StreamTransport, Transport);

StreamTransport.prototype.countsPackets = false;
// True where a response may end without the transport hearing of it.
StreamTransport.prototype.failsSilently = false;

StreamTransport.prototype.doOpen = function () {
  this.streaming = true;
  if (!this.resumedSession) {
    this.connect({ t: uniqueId() });
    return;
  }
  this.connect({ offset: this.expected, t: uniqueId() });
  this.handleOpen();
  this.listen(true);
};

StreamTransport.prototype.doClose = function () {
  this.streaming = false;
  this.watchdog.stop();
  this.disconnect();
};

StreamTransport.prototype.watch = function (quiet, longest) {
  if (!this.failsSilently || !(quiet > 0)) return;
  this.quiet = this.silence = quiet;
  this.longest = Math.max(quiet, longest);
  this.listen(false);
};

// Whether the watchdog runs: a response is under way and expected to go on.
StreamTransport.prototype.watching = function () {
  return this.quiet > 0 && this.readyState === 'open' && this.streaming && !this.pausing();
};

// A response starts to count its silence; `ask`: with a probe at once.
StreamTransport.prototype.listen = function (ask) {
  this.probing = false;
  this.lastFrame = now();
  if (ask) this.probe();
  else this.watchSilence(this.silence);
};

StreamTransport.prototype.watchSilence = function (ms) {
  var self = this;
  if (!this.watching()) {
    this.watchdog.stop();
    return;
  }
  this.watchdog.start(function () {
    var wait = self.lastFrame + self.silence - now();
    if (wait > 0) self.watchSilence(wait);
    else self.probe();
  }, ms);
};

// Any frame shows that the response lives; a message brings the silence
// allowed back to the shortest (the timer may be set for a longer one).
StreamTransport.prototype.heard = function (packet) {
  if (!this.quiet) return;
  var shorter = !!packet && packet.type === 'message' && this.silence > this.quiet;
  this.lastFrame = now();
  if (shorter) this.silence = this.quiet;
  if (this.probing || shorter) {
    this.probing = false;
    this.watchSilence(this.silence);
  } else if (!this.watchdog.pending()) {
    this.watchSilence(this.silence);
  }
};

StreamTransport.prototype.probe = function () {
  var self = this;
  if (!this.watching()) return;
  this.probing = true;
  this.silence = Math.min(this.silence * 2, this.longest);
  this.upstream.send([{ type: 'ping' }], function () {
    if (!self.probing || !self.watching()) return;
    self.watchdog.start(function () {
      if (self.probing && self.watching()) self.handleError(self.name + ' stream silent');
    }, self.quiet);
  });
};

StreamTransport.prototype.pause = function (onPaused) {
  this.watchdog.stop();
  this.probing = false;
  Transport.prototype.pause.call(this, onPaused);
};

StreamTransport.prototype.receiving = function () {
  return this.streaming;
};

// After an abandoned upgrade, a response ending empty is no failure: the
// server ends the one it holds for the probe, and answers a new one that way
// until it hears that the WebSocket is gone.
StreamTransport.prototype.resume = function () {
  var receiving = this.receiving();
  this.forgiveEmpty = true;
  Transport.prototype.resume.call(this);
  if (receiving && this.quiet) this.listen(false);
};

// The next response, from the offset expected next.
StreamTransport.prototype.receiveMore = function () {
  this.progressed = false;
  this.streaming = true;
  this.connect({ offset: this.expected, t: uniqueId() });
  if (this.quiet) this.listen(false);
};

// offset: a number, or its decimal string (an event id).
StreamTransport.prototype.frame = function (offset, text) {
  if (this.readyState === 'closed') return;
  if (typeof offset === 'string' && /^\d{1,15}$/.test(offset)) offset = Number(offset);
  if (typeof offset !== 'number' || !(offset >= 0) || offset % 1 !== 0 || typeof text !== 'string') {
    this.handleError(this.name + ' bad frame');
    return;
  }
  if (offset < this.expected) {
    this.heard(null);
    return;
  }
  if (offset > this.expected) {
    this.handleError(this.name + ' missed packets ' + this.expected + ' to ' + (offset - 1));
    return;
  }
  this.expected++;
  this.progressed = true;
  var packet = decodePacket(text);
  if (this.readyState === 'open') {
    this.heard(packet);
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
