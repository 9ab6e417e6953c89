// Engine.IO v4 packets and payloads, and Socket.IO v5 packets.

// ---- Engine.IO -------------------------------------------------------------

var PACKET_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
var PACKET_CODES = {};
for (var packetCode = 0; packetCode < PACKET_TYPES.length; packetCode++) {
  PACKET_CODES[PACKET_TYPES[packetCode]] = packetCode;
}
var RECORD_SEPARATOR = '\x1e';

var hasArrayBuffer = typeof ArrayBuffer !== 'undefined' && typeof Uint8Array !== 'undefined';

// ArrayBuffer or any view on one (Uint8Array, DataView, ...).
function isBinary(data) {
  return hasArrayBuffer && data != null && typeof data === 'object' &&
    (data instanceof ArrayBuffer || (data.buffer instanceof ArrayBuffer && typeof data.byteLength === 'number'));
}

var BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var BASE64_VALUES = {};
for (var base64Index = 0; base64Index < BASE64.length; base64Index++) {
  BASE64_VALUES[BASE64.charAt(base64Index)] = base64Index;
}

// Own codec: atob/btoa work on "binary strings" and are missing in old engines.
function base64Encode(data) {
  var bytes = data instanceof ArrayBuffer ? new Uint8Array(data) :
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  var length = bytes.length;
  var out = '';
  for (var i = 0; i < length; i += 3) {
    var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    out += BASE64.charAt(n >> 18 & 63) + BASE64.charAt(n >> 12 & 63) +
      (i + 1 < length ? BASE64.charAt(n >> 6 & 63) : '=') +
      (i + 2 < length ? BASE64.charAt(n & 63) : '=');
  }
  return out;
}

function base64Decode(text) {
  text = text.replace(/[^A-Za-z0-9+\/]/g, '');
  var length = text.length;
  // Typed arrays ignore writes past their end, which drops the padding bits.
  var bytes = new Uint8Array(length * 3 >> 2);
  for (var i = 0, j = 0; i < length; i += 4) {
    var n = (BASE64_VALUES[text.charAt(i)] << 18) | (BASE64_VALUES[text.charAt(i + 1)] << 12) |
      (BASE64_VALUES[text.charAt(i + 2)] << 6) | BASE64_VALUES[text.charAt(i + 3)];
    bytes[j++] = n >> 16 & 255;
    bytes[j++] = n >> 8 & 255;
    bytes[j++] = n & 255;
  }
  return bytes.buffer;
}

// rawBinary: the transport carries binary frames (WebSocket), so binary data
// goes as is; text-only transports get "b" + base64.
function encodePacket(packet, rawBinary) {
  if (isBinary(packet.data)) return rawBinary ? packet.data : 'b' + base64Encode(packet.data);
  return PACKET_CODES[packet.type] + (packet.data != null ? String(packet.data) : '');
}

function decodePacket(data) {
  if (typeof data !== 'string') return { type: 'message', data: data };
  if (data.charAt(0) === 'b') {
    return hasArrayBuffer ? { type: 'message', data: base64Decode(data.substring(1)) } :
      { type: 'error', data: 'binary data not supported' };
  }
  var type = PACKET_TYPES[data.charAt(0)];
  return type ? { type: type, data: data.substring(1) } : { type: 'error', data: 'parser error' };
}

function encodePayload(packets) {
  var parts = [];
  for (var i = 0; i < packets.length; i++) parts.push(encodePacket(packets[i], false));
  return parts.join(RECORD_SEPARATOR);
}

function decodePayload(payload) {
  var parts = payload.split(RECORD_SEPARATOR);
  var packets = [];
  for (var i = 0; i < parts.length; i++) packets.push(decodePacket(parts[i]));
  return packets;
}

// ---- Socket.IO ---------------------------------------------------------------

var SIO = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6
};

function hasBinary(value) {
  if (isBinary(value)) return true;
  if (isArray(value) || isPlainObject(value)) {
    for (var key in value) {
      if (hasOwn.call(value, key) && hasBinary(value[key])) return true;
    }
  }
  return false;
}

// Copies `value` with each binary part moved to `buffers` and replaced by a placeholder.
function deconstruct(value, buffers) {
  if (isBinary(value)) {
    buffers.push(value);
    return { _placeholder: true, num: buffers.length - 1 };
  }
  if (!isArray(value) && !isPlainObject(value)) return value;
  var copy = isArray(value) ? [] : {};
  for (var key in value) {
    if (hasOwn.call(value, key)) copy[key] = deconstruct(value[key], buffers);
  }
  return copy;
}

// In place: `value` is freshly parsed JSON that nobody else holds.
function reconstruct(value, buffers) {
  if (isPlainObject(value) && value._placeholder === true) {
    if (!(value.num >= 0 && value.num < buffers.length)) throw new Error('comet: illegal attachment');
    return buffers[value.num];
  }
  if (isArray(value) || isPlainObject(value)) {
    for (var key in value) {
      if (hasOwn.call(value, key)) value[key] = reconstruct(value[key], buffers);
    }
  }
  return value;
}

// Returns the Engine.IO messages for one Socket.IO packet: the text first,
// then one binary message per attachment.
function encodeSocketPacket(packet) {
  var type = packet.type;
  var data = packet.data;
  var buffers = [];
  if ((type === SIO.EVENT || type === SIO.ACK) && hasBinary(data)) {
    data = deconstruct(data, buffers);
    type = type === SIO.EVENT ? SIO.BINARY_EVENT : SIO.BINARY_ACK;
  }
  var text = String(type);
  if (buffers.length) text += buffers.length + '-';
  if (packet.nsp && packet.nsp !== '/') text += packet.nsp + ',';
  if (packet.id != null) text += packet.id;
  if (data !== undefined) text += json.stringify(data);
  return [text].concat(buffers);
}

function isValidSocketPacket(packet) {
  var data = packet.data;
  switch (packet.type) {
    case SIO.CONNECT:
      return data === undefined || isPlainObject(data);
    case SIO.DISCONNECT:
      return data === undefined;
    case SIO.CONNECT_ERROR:
      return typeof data === 'string' || isPlainObject(data);
    case SIO.EVENT:
    case SIO.BINARY_EVENT:
      return isArray(data) && (typeof data[0] === 'string' || typeof data[0] === 'number');
    default:
      return isArray(data) && packet.id !== undefined;
  }
}

function decodeSocketText(text) {
  if (!/^[0-6]/.test(text)) throw new Error('comet: unknown packet type');
  var packet = { type: Number(text.charAt(0)), nsp: '/' };
  var at = 1;
  if (packet.type === SIO.BINARY_EVENT || packet.type === SIO.BINARY_ACK) {
    var dash = text.indexOf('-', at);
    var count = text.substring(at, dash);
    if (dash < 0 || !/^\d+$/.test(count)) throw new Error('comet: illegal attachments');
    packet.attachments = Number(count);
    at = dash + 1;
  }
  if (text.charAt(at) === '/') {
    var comma = text.indexOf(',', at);
    if (comma < 0) comma = text.length;
    packet.nsp = text.substring(at, comma);
    at = comma + 1;
  }
  var id = /^\d+/.exec(text.substring(at));
  if (id) {
    packet.id = Number(id[0]);
    at += id[0].length;
  }
  if (at < text.length) packet.data = json.parse(text.substring(at));
  if (!isValidSocketPacket(packet)) throw new Error('comet: invalid packet');
  return packet;
}

// Stateful because a binary packet arrives as one text message followed by
// its attachments as separate binary messages.
function Decoder() {
  this.pending = null;
}

// Takes one Engine.IO message; returns the completed Socket.IO packet, or
// null while attachments are still due. Throws on malformed input.
Decoder.prototype.add = function (data) {
  var packet;
  if (typeof data === 'string') {
    if (this.pending) throw new Error('comet: text message while awaiting attachments');
    packet = decodeSocketText(data);
    if (!packet.attachments) return packet;
    this.pending = { packet: packet, buffers: [] };
    return null;
  }
  if (!this.pending) throw new Error('comet: unexpected binary message');
  var buffers = this.pending.buffers;
  buffers.push(data);
  packet = this.pending.packet;
  if (buffers.length < packet.attachments) return null;
  this.pending = null;
  packet.data = reconstruct(packet.data, buffers);
  return packet;
};

Decoder.prototype.reset = function () {
  this.pending = null;
};

var parser = {
  protocol: 4,
  packetTypes: PACKET_TYPES,
  encodePacket: encodePacket,
  decodePacket: decodePacket,
  encodePayload: encodePayload,
  decodePayload: decodePayload,
  socketTypes: SIO,
  encodeSocketPacket: encodeSocketPacket,
  Decoder: Decoder
};
