// JSON for IE6/7, which have no native JSON; every other browser uses its own.

var JSON_ESCAPES = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
var JSON_UNESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
var JSON_NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+\-]?\d+)?/;
var JSON_PLAIN_RE = /^[^"\\\u0000-\u001f]+/;
var JSON_LITERALS = { 'true': true, 'false': false, 'null': null };

function jsonQuote(text) {
  return '"' + text.replace(/["\\\u0000-\u001f\u2028\u2029]/g, function (c) {
    return JSON_ESCAPES[c] || '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
  }) + '"';
}

function jsonStringify(value) {
  if (value && typeof value.toJSON === 'function') value = value.toJSON();
  switch (typeof value) {
    case 'string': return jsonQuote(value);
    case 'number': return isFinite(value) ? String(value) : 'null';
    case 'boolean': return String(value);
    case 'object': break;
    default: return undefined;
  }
  if (value === null) return 'null';
  var parts = [];
  var item;
  if (isArray(value)) {
    for (var i = 0; i < value.length; i++) {
      item = jsonStringify(value[i]);
      parts.push(item === undefined ? 'null' : item);
    }
    return '[' + parts.join(',') + ']';
  }
  for (var key in value) {
    if (hasOwn.call(value, key)) {
      item = jsonStringify(value[key]);
      if (item !== undefined) parts.push(jsonQuote(key) + ':' + item);
    }
  }
  return '{' + parts.join(',') + '}';
}

// Recursive descent rather than eval, so a hostile payload cannot run code.
function jsonParse(text) {
  text = String(text);
  var at = 0;

  function fail() {
    throw new SyntaxError('comet: bad JSON at position ' + at);
  }

  function skipSpace() {
    var c = text.charAt(at);
    while (c === ' ' || c === '\t' || c === '\n' || c === '\r') c = text.charAt(++at);
  }

  function expect(c) {
    if (text.charAt(at) !== c) fail();
    at++;
  }

  function readString() {
    var out = '';
    expect('"');
    for (;;) {
      var plain = JSON_PLAIN_RE.exec(text.substring(at));
      if (plain) {
        out += plain[0];
        at += plain[0].length;
      }
      var c = text.charAt(at++);
      if (c === '"') return out;
      if (c !== '\\') fail();
      c = text.charAt(at++);
      if (c === 'u') {
        var hex = text.substring(at, at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
        out += String.fromCharCode(parseInt(hex, 16));
        at += 4;
      } else if (hasOwn.call(JSON_UNESCAPES, c)) {
        out += JSON_UNESCAPES[c];
      } else {
        fail();
      }
    }
  }

  function readList(close, readItem) {
    at++;
    skipSpace();
    if (text.charAt(at) === close) {
      at++;
      return;
    }
    for (;;) {
      readItem();
      skipSpace();
      var c = text.charAt(at++);
      if (c === close) return;
      if (c !== ',') fail();
      skipSpace();
    }
  }

  function readValue() {
    skipSpace();
    var c = text.charAt(at);
    if (c === '"') return readString();
    if (c === '[') {
      var array = [];
      readList(']', function () {
        array.push(readValue());
      });
      return array;
    }
    if (c === '{') {
      var object = {};
      readList('}', function () {
        var key = readString();
        skipSpace();
        expect(':');
        object[key] = readValue();
      });
      return object;
    }
    var number = JSON_NUMBER_RE.exec(text.substring(at));
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    for (var word in JSON_LITERALS) {
      if (hasOwn.call(JSON_LITERALS, word) && text.substring(at, at + word.length) === word) {
        at += word.length;
        return JSON_LITERALS[word];
      }
    }
    return fail();
  }

  var result = readValue();
  skipSpace();
  if (at < text.length) fail();
  return result;
}

var json = global.JSON && typeof global.JSON.parse === 'function' ?
  global.JSON : { stringify: jsonStringify, parse: jsonParse };
