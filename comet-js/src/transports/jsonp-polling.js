// JSONP polling, for browsers that have neither XHR nor anything better, and
// for servers on another origin without CORS: each poll is a script whose
// answer calls `___eio[<index>]("<payload>")`; upstream, a form POST (field
// `d`) into a hidden frame whose load event means it was answered.
//
// The poll's answer is a script the browser runs; what it passes is a string,
// handled as data like any payload.

function JsonpPollingTransport(opts) {
  var self = this;
  Transport.call(this, opts);
  this.abandon = null;
  // Never paused: servers offer no upgrade from here (see upgrade.js).
  this.upstream = new Upstream(function (body, done) {
    self.post(body, done);
  }, noop);
}

inherit(JsonpPollingTransport, Transport);

JsonpPollingTransport.prototype.name = 'jsonp-polling';
JsonpPollingTransport.prototype.acksWithRequests = true;

JsonpPollingTransport.isSupported = function (g) {
  return hasDocument(g);
};

// The page would not finish loading while a poll's script is held.
JsonpPollingTransport.delaysLoad = true;

// Shared with any other Engine.IO client on the page, which uses it the same way.
function jsonpCallbacks() {
  var list = global.___eio;
  if (!list || typeof list.push !== 'function') list = global.___eio = [];
  return list;
}

JsonpPollingTransport.prototype.doOpen = function () {
  this.poll();
};

JsonpPollingTransport.prototype.poll = function () {
  var self = this;
  var doc = global.document;
  var list = jsonpCallbacks();
  var index = 0;
  while (list[index]) index++;
  var script = doc.createElement('script');
  var settled = false;

  function settle() {
    settled = true;
    list[index] = null;
    script.onload = script.onerror = script.onreadystatechange = null;
    removeElement(script);
    self.abandon = null;
  }

  function failed() {
    if (settled) return;
    settle();
    self.handleError('jsonp poll error');
  }

  list[index] = function (payload) {
    if (settled) return;
    settle();
    if (typeof payload !== 'string') {
      self.handleError('jsonp poll error: not a payload');
      return;
    }
    // The first answer carries the handshake: only then is there a session to send to.
    self.handleOpen();
    self.handlePayload(payload);
    if (self.readyState === 'open') self.poll();
  };
  // The script still runs if it arrives after close(): its slot stays taken
  // until then, so that its answer cannot reach a later poll.
  this.abandon = function () {
    settle();
    list[index] = function () {
      list[index] = null;
    };
  };
  // An answer runs before the load event: a load without one is a failure.
  script.onload = script.onerror = failed;
  if (!('onload' in script)) {
    // IE before 9; it may report `loaded` just before running the script.
    script.onreadystatechange = function () {
      if (script.readyState === 'loaded' || script.readyState === 'complete') setTimeout(failed, 0);
    };
  }
  script.async = true;
  script.src = this.uri('http', this.pollQuery({ callback: index, t: uniqueId() }));
  var parent = doc.getElementsByTagName('head')[0] || documentRoot(doc);
  parent.appendChild(script);
};

JsonpPollingTransport.prototype.doClose = function () {
  if (this.abandon) this.abandon();
};

// One form and one frame per POST, both removed once answered: a frame's
// first navigation leaves no entry in the page's history.
JsonpPollingTransport.prototype.post = function (body, done) {
  var self = this;
  var doc = global.document;
  var root = documentRoot(doc);
  var name = '___comet_jsonp_' + uniqueId();
  var iframe = hiddenElement(doc, 'iframe', name);
  var form = hiddenElement(doc, 'form');
  var field = doc.createElement('textarea');
  field.name = 'd';
  field.value = body;
  form.appendChild(field);
  form.method = 'POST';
  form.setAttribute('accept-charset', 'utf-8');
  form.enctype = form.encoding = 'application/x-www-form-urlencoded';
  form.target = name;
  form.action = this.uri('http', { t: uniqueId() });
  var answered = false;
  listen(iframe, 'load', function () {
    if (answered) return;
    try {
      // The frame's first document, not the answer.
      if (iframe.contentWindow.location.href === 'about:blank') return;
    } catch (e) {
      // Another origin's document: the answer.
    }
    answered = true;
    removeElement(form);
    // Later: removing a frame from its own load handler leaves some browsers spinning.
    setTimeout(function () {
      removeElement(iframe);
    }, 0);
    done();
  });
  root.appendChild(iframe);
  root.appendChild(form);
  try {
    form.submit();
  } catch (e) {
    removeElement(form);
    removeElement(iframe);
    this.handleError('jsonp post error: ' + e.message);
  }
};

transports['jsonp-polling'] = JsonpPollingTransport;
