// Server-sent events: one event per packet, its id the packet's offset. See
// StreamTransport.
//
// A stream that ends after bringing data (the server's byte budget, a cut
// connection) is reopened at once with the offset: the browser would first
// wait the server's `retry` delay, longer than some heartbeat timeouts, and
// the handshake's stream names no session for the browser to resume. A stream
// that fails before bringing anything new is left to the browser's own
// reconnect, which asks with Last-Event-ID for what follows the last event it
// got, unless the browser gave up (CLOSED) or the transport is pausing for an
// upgrade (the server ended the stream on purpose).

function EventSourceTransport(opts) {
  StreamTransport.call(this, opts);
  this.source = null;
}

inherit(EventSourceTransport, StreamTransport);

EventSourceTransport.prototype.name = 'eventsource';

EventSourceTransport.isSupported = function (g, opts) {
  return typeof g.EventSource !== 'undefined' && canXhr(g, opts);
};

var EVENTSOURCE_CLOSED = 2;

EventSourceTransport.prototype.connect = function (query) {
  var self = this;
  var url = this.uri('http', query);
  var resumable = this.sid !== null;
  var source;
  try {
    source = this.opts.withCredentials ? new global.EventSource(url, { withCredentials: true }) :
      new global.EventSource(url);
  } catch (e) {
    this.handleError('eventsource error: ' + e.message);
    return;
  }
  source.onmessage = function (event) {
    if (source === self.source) self.frame(event.lastEventId, event.data);
  };
  source.onerror = function () {
    if (source !== self.source) return;
    if (self.progressed || self.pausing() || !resumable || source.readyState === EVENTSOURCE_CLOSED) self.ended();
  };
  this.source = source;
};

EventSourceTransport.prototype.disconnect = function () {
  var source = this.source;
  if (!source) return;
  this.source = null;
  source.onmessage = source.onerror = null;
  source.close();
};

transports.eventsource = EventSourceTransport;
