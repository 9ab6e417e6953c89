// WebSocket: one frame per Engine.IO packet, binary packets as binary frames.

function WebSocketTransport(opts) {
  Transport.call(this, opts);
  this.ws = null;
}

inherit(WebSocketTransport, Transport);

WebSocketTransport.prototype.name = 'websocket';

// Firefox 6-10 only has the prefixed constructor.
function webSocketConstructor(g) {
  return g.WebSocket || g.MozWebSocket;
}

WebSocketTransport.isSupported = function (g) {
  return !!webSocketConstructor(g);
};

WebSocketTransport.prototype.doOpen = function () {
  var self = this;
  var WS = webSocketConstructor(global);
  var ws;
  try {
    // With an offset it resumes the session; with a sid alone it would be an upgrade probe.
    ws = new WS(this.uri('ws', this.resumedSession ? { offset: this.expected } : null));
  } catch (e) {
    // Thrown for a URL the browser refuses, e.g. ws: from an https: page.
    this.handleError('websocket error: ' + e.message);
    return;
  }
  if (hasArrayBuffer) ws.binaryType = 'arraybuffer';
  ws.onopen = function () {
    self.handleOpen();
  };
  ws.onmessage = function (event) {
    self.handlePackets([decodePacket(event.data)]);
  };
  ws.onerror = function () {
    self.handleError('websocket error');
  };
  ws.onclose = function () {
    self.handleClose('transport close');
  };
  this.ws = ws;
};

WebSocketTransport.prototype.send = function (packets) {
  try {
    for (var i = 0; i < packets.length; i++) this.ws.send(encodePacket(packets[i], true));
  } catch (e) {
    this.handleError('websocket error: ' + e.message);
  }
};

WebSocketTransport.prototype.doClose = function () {
  var ws = this.ws;
  if (!ws) return;
  this.ws = null;
  ws.onopen = ws.onmessage = ws.onerror = ws.onclose = noop;
  try {
    ws.close();
  } catch (e) {
    // Some old implementations throw when closing a socket that is still connecting; it is dropped either way.
  }
};

transports.websocket = WebSocketTransport;
