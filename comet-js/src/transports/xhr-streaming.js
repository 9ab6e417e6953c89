// XHR streaming: a GET response read while it arrives, framed as
// `<offset>:<length>:<packet>\n` (length in UTF-16 code units) after a
// prelude of whitespace. See StreamTransport.

function XhrStreamingTransport(opts) {
  StreamTransport.call(this, opts);
  this.xhr = null;
  this.parsed = 0;
}

inherit(XhrStreamingTransport, StreamTransport);

XhrStreamingTransport.prototype.name = 'xhr-streaming';

// Level 2 even on the same origin: older XHRs (IE9 and before) show nothing
// of a response before it is complete.
XhrStreamingTransport.isSupported = function (g) {
  return hasXhr2(g);
};

XhrStreamingTransport.prototype.connect = function (query) {
  var self = this;
  this.parsed = 0;
  this.xhr = this.request('GET', null, query, function (text) {
    self.xhr = null;
    self.parse(text);
    self.ended();
  }, 'xhr streaming error', function (xhr) {
    var text;
    try {
      // An error's body is no stream: it is reported once complete.
      if (xhr.status !== 200) return;
      text = xhr.responseText;
    } catch (e) {
      // Some browsers refuse to show a partial response.
      return;
    }
    if (xhr === self.xhr) self.parse(text);
  });
};

XhrStreamingTransport.prototype.disconnect = function () {
  if (!this.xhr) return;
  abortRequest(this.xhr);
  this.xhr = null;
};

var FRAME_NUMBER_RE = /^\d{1,15}$/;

// Takes every complete frame after the last one taken.
XhrStreamingTransport.prototype.parse = function (text) {
  var at = this.parsed;
  while (this.readyState !== 'closed') {
    var c = text.charCodeAt(at);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++at);
    var first = text.indexOf(':', at);
    var second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (second < 0) {
      // An incomplete header; a long one is no header.
      if (text.length - at > 32) this.handleError('xhr streaming bad frame');
      return;
    }
    var offset = text.substring(at, first);
    var length = text.substring(first + 1, second);
    if (!FRAME_NUMBER_RE.test(offset) || !FRAME_NUMBER_RE.test(length)) {
      this.handleError('xhr streaming bad frame');
      return;
    }
    var end = second + 1 + Number(length);
    if (text.length <= end) return;
    if (text.charAt(end) !== '\n') {
      this.handleError('xhr streaming bad frame');
      return;
    }
    at = this.parsed = end + 1;
    this.frame(offset, text.substring(second + 1, end));
  }
};

transports['xhr-streaming'] = XhrStreamingTransport;
