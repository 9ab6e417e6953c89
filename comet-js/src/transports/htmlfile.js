// The forever frame: a hidden iframe loads an HTML response in which each
// packet is a script calling `parent.<callback>(offset, packet)`, the packet a
// string literal (the server escapes it). Old IE loads it inside an
// ActiveXObject('htmlfile') document, which shows no loading indicator. The
// frame's load event means the response ended. A response whose connection
// is reset fires none in Chromium: the frame's document stays `loading`, its
// scripts stop coming, and nothing tells the page (no error, no navigation
// timing), so the transport watches for silence instead (`failsSilently`,
// see StreamTransport).
//
// comet.js only receives strings through the callback and writes nothing of
// them into any document.

var htmlfileCount = 0;

function HtmlFileTransport(opts) {
  StreamTransport.call(this, opts);
  this.callback = '___comet_htmlfile' + (++htmlfileCount) + '_' + uniqueId();
  this.iframe = null;
  this.htmlfile = null;
}

inherit(HtmlFileTransport, StreamTransport);

HtmlFileTransport.prototype.name = 'htmlfile';
HtmlFileTransport.prototype.failsSilently = true;

// The frame reaches its parent's callback only on the same origin.
HtmlFileTransport.isSupported = function (g, opts) {
  return hasDocument(g) && typeof g.XMLHttpRequest !== 'undefined' && !isCrossOrigin(opts);
};

// The page would not finish loading while its frame streams.
HtmlFileTransport.delaysLoad = true;

HtmlFileTransport.prototype.connect = function (query) {
  var self = this;
  var receive = function (offset, packet) {
    self.frame(offset, packet);
  };
  global[this.callback] = receive;
  var doc = this.container();
  if (doc !== global.document) doc.parentWindow[this.callback] = receive;
  query.cb = this.callback;
  var iframe = hiddenElement(doc, 'iframe');
  listen(iframe, 'load', function () {
    if (iframe === self.iframe) self.ended();
  });
  // The address before insertion: an iframe inserted without one loads about:blank first.
  iframe.src = this.uri('http', query);
  this.iframe = iframe;
  documentRoot(doc).appendChild(iframe);
};

// An ActiveXObject('htmlfile') document where that exists (IE10 and before),
// else the page.
HtmlFileTransport.prototype.container = function () {
  if (!this.htmlfile && typeof global.ActiveXObject === 'function') {
    try {
      var doc = new global.ActiveXObject('htmlfile');
      doc.open();
      doc.write('<html><body></body></html>');
      doc.close();
      this.htmlfile = doc;
    } catch (e) {
      // Disabled ActiveX: the page's own document will do.
    }
  }
  return this.htmlfile || global.document;
};

HtmlFileTransport.prototype.disconnect = function () {
  var iframe = this.iframe;
  if (!iframe) return;
  this.iframe = null;
  try {
    // Stops the download where removing the frame does not.
    iframe.src = 'about:blank';
  } catch (e) {
    // Nothing more to stop.
  }
  removeElement(iframe);
};

HtmlFileTransport.prototype.doClose = function () {
  StreamTransport.prototype.doClose.call(this);
  deleteGlobal(this.callback);
  if (this.htmlfile) {
    try {
      this.htmlfile.parentWindow[this.callback] = undefined;
    } catch (e) {
      // The document is going away anyway.
    }
    this.htmlfile = null;
  }
};

transports.htmlfile = HtmlFileTransport;
