// XHR long-polling: a GET waits for a payload, a POST carries ours. One GET
// is always pending while open, and at most one POST is in flight; packets
// sent meanwhile wait and go together in the next POST.

function PollingTransport(opts) {
  Transport.call(this, opts);
  this.pollXhr = null;
  this.postXhr = null;
  this.sendBuffer = [];
}

inherit(PollingTransport, Transport);

PollingTransport.prototype.name = 'polling';

PollingTransport.isSupported = function (g) {
  return typeof g.XMLHttpRequest !== 'undefined';
};

PollingTransport.prototype.doOpen = function () {
  this.poll();
};

PollingTransport.prototype.poll = function () {
  var self = this;
  this.pollXhr = this.request('GET', null, function (text) {
    self.pollXhr = null;
    // The first response carries the handshake: only then is there a session to send to.
    self.handleOpen();
    self.handlePayload(text);
    if (self.readyState === 'open') self.poll();
  }, 'xhr poll error');
};

PollingTransport.prototype.send = function (packets) {
  for (var i = 0; i < packets.length; i++) this.sendBuffer.push(packets[i]);
  if (!this.postXhr) this.flush();
};

// Keeps going after close(), so that a final close packet still reaches the server.
PollingTransport.prototype.flush = function () {
  var self = this;
  var body = encodePayload(this.sendBuffer);
  this.sendBuffer = [];
  this.postXhr = this.request('POST', body, function () {
    self.postXhr = null;
    if (self.sendBuffer.length) self.flush();
  }, 'xhr post error');
};

PollingTransport.prototype.doClose = function () {
  var xhr = this.pollXhr;
  if (!xhr) return;
  this.pollXhr = null;
  xhr.onreadystatechange = noop;
  try {
    xhr.abort();
  } catch (e) {
    // Old IE may throw on abort; the request is abandoned either way.
  }
};

// Returns the request, or null when it could not even start (reported as an error).
PollingTransport.prototype.request = function (method, body, onSuccess, errorMessage) {
  var self = this;
  var xhr = new global.XMLHttpRequest();
  try {
    xhr.open(method, this.uri('http', { t: uniqueId() }), true);
    // Only after open(): IE10/11 refuse it before.
    if (this.opts.withCredentials) xhr.withCredentials = true;
    if (body !== null) xhr.setRequestHeader('Content-Type', 'text/plain;charset=UTF-8');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      xhr.onreadystatechange = noop;
      var status;
      try {
        status = xhr.status;
      } catch (e) {
        // Old Firefox throws here after a network error.
        status = 0;
      }
      if (status === 200) onSuccess(xhr.responseText);
      else self.handleError(errorMessage + ' (' + status + ')');
    };
    xhr.send(body);
  } catch (e) {
    this.handleError(errorMessage + ': ' + e.message);
    return null;
  }
  return xhr;
};

transports.polling = PollingTransport;
