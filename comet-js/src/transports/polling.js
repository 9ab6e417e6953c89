// XHR long-polling: a GET waits for a payload, POSTs carry ours (see Upstream).
// One GET is always pending while open.

function PollingTransport(opts) {
  Transport.call(this, opts);
  this.pollXhr = null;
  this.upstream = this.xhrUpstream();
}

inherit(PollingTransport, Transport);

PollingTransport.prototype.name = 'polling';
PollingTransport.prototype.acksWithRequests = true;

PollingTransport.isSupported = function (g, opts) {
  return canXhr(g, opts);
};

PollingTransport.prototype.doOpen = function () {
  this.poll();
};

PollingTransport.prototype.poll = function () {
  var self = this;
  this.pollXhr = this.request('GET', null, this.pollQuery({ t: uniqueId() }), function (text) {
    self.pollXhr = null;
    // The first response carries the handshake: only then is there a session to send to.
    self.handleOpen();
    self.handlePayload(text);
    if (self.readyState !== 'open') return;
    if (self.pausing()) self.checkPaused();
    else self.poll();
  }, 'xhr poll error');
};

PollingTransport.prototype.receiving = function () {
  return this.pollXhr !== null;
};

PollingTransport.prototype.receiveMore = function () {
  this.poll();
};

PollingTransport.prototype.doClose = function () {
  if (!this.pollXhr) return;
  abortRequest(this.pollXhr);
  this.pollXhr = null;
};

transports.polling = PollingTransport;
