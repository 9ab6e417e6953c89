// Helpers. Old engines lack most ES5 library functions, so only what every
// browser since IE6 has is used here and below.

var hasOwn = Object.prototype.hasOwnProperty;
var toStr = Object.prototype.toString;
var slice = Array.prototype.slice;

function noop() {}

// Skips undefined values, so that { transports: undefined } keeps the default.
function extend(target) {
  for (var i = 1; i < arguments.length; i++) {
    var source = arguments[i];
    for (var key in source) {
      if (hasOwn.call(source, key) && source[key] !== undefined) target[key] = source[key];
    }
  }
  return target;
}

function inherit(Child, Parent) {
  function Proto() {}
  Proto.prototype = Parent.prototype;
  Child.prototype = new Proto();
  Child.prototype.constructor = Child;
}

function isArray(value) {
  return toStr.call(value) === '[object Array]';
}

// Array#indexOf is ES5 but missing from IE8.
function contains(list, item) {
  if (!isArray(list)) return false;
  for (var i = 0; i < list.length; i++) {
    if (list[i] === item) return true;
  }
  return false;
}

function isPlainObject(value) {
  return toStr.call(value) === '[object Object]';
}

function now() {
  return new Date().getTime();
}

function encodeQuery(params) {
  var parts = [];
  for (var key in params) {
    if (hasOwn.call(params, key) && params[key] != null) {
      parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(params[key]));
    }
  }
  return parts.join('&');
}

function decodeQuery(query) {
  var params = {};
  var pairs = query ? query.split('&') : [];
  for (var i = 0; i < pairs.length; i++) {
    if (!pairs[i]) continue;
    var eq = pairs[i].indexOf('=');
    var key = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
    params[decodeURIComponent(key)] = eq < 0 ? '' : decodeURIComponent(pairs[i].substring(eq + 1));
  }
  return params;
}

var URI_RE = /^(?:([a-z][a-z0-9+.\-]*):)?(?:\/\/([^\/?#]*))?([^?#]*)(?:\?([^#]*))?/i;
var AUTHORITY_RE = /^(?:[^@]*@)?(\[[^\]]*\]|[^:]*)(?::(\d*))?$/;

// Resolves `uri` against the page location: a missing scheme or host is taken
// from the page, so '/admin' and '//host/admin' work like in a link.
function parseUri(uri) {
  var loc = global.location || {};
  var m = URI_RE.exec(uri || '');
  var scheme = (m[1] || loc.protocol || 'http:').replace(/:$/, '').toLowerCase();
  // Old IE reports a missing group as '' rather than undefined; an empty host is invalid anyway.
  var authority = m[2] || loc.host;
  if (!authority) throw new Error('comet: cannot tell the server host from "' + uri + '"');
  var a = AUTHORITY_RE.exec(authority) || [authority, authority, ''];
  var secure = scheme === 'https' || scheme === 'wss';
  return {
    secure: secure,
    hostname: a[1].replace(/^\[|\]$/g, ''),
    port: a[2] || '',
    path: m[3] || '',
    query: m[4] || ''
  };
}

// One pending timeout at a time: starting it again replaces the previous one.
function Timer() {
  this.id = null;
}

Timer.prototype.start = function (fn, ms) {
  this.stop();
  var self = this;
  this.id = setTimeout(function () {
    self.id = null;
    fn();
  }, ms);
};

Timer.prototype.pending = function () {
  return this.id !== null;
};

Timer.prototype.stop = function () {
  if (this.id !== null) {
    clearTimeout(this.id);
    this.id = null;
  }
};

var uniqueCounter = 0;

// Cache buster: the time alone repeats when two requests start within one millisecond.
function uniqueId() {
  uniqueCounter = (uniqueCounter + 1) % 1296;
  return now().toString(36) + uniqueCounter.toString(36);
}
