// Event mixin: constructors inherit from Emitter.

function Emitter() {}

Emitter.prototype.on = function (event, fn) {
  var handlers = this._handlers || (this._handlers = {});
  (handlers[event] || (handlers[event] = [])).push(fn);
  return this;
};

Emitter.prototype.once = function (event, fn) {
  var self = this;
  function wrapper() {
    self.off(event, wrapper);
    fn.apply(this, arguments);
  }
  // Lets off(event, fn) find the wrapper.
  wrapper.listener = fn;
  return this.on(event, wrapper);
};

// off() drops every listener, off(event) those of one event, off(event, fn) one.
Emitter.prototype.off = function (event, fn) {
  if (!this._handlers) return this;
  if (!arguments.length) {
    this._handlers = {};
    return this;
  }
  var list = this._handlers[event];
  if (!list || fn === undefined) {
    delete this._handlers[event];
    return this;
  }
  for (var i = 0; i < list.length; i++) {
    if (list[i] === fn || list[i].listener === fn) {
      list.splice(i, 1);
      break;
    }
  }
  return this;
};

Emitter.prototype.emit = function (event) {
  var list = this._handlers && this._handlers[event];
  if (!list) return this;
  var args = slice.call(arguments, 1);
  // A copy, because listeners may add or remove listeners while we iterate.
  list = list.slice();
  for (var i = 0; i < list.length; i++) list[i].apply(this, args);
  return this;
};
