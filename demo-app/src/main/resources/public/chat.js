/*
 * The Comet demo chat. ES5 only, and only what old browsers have (no classList, no
 * addEventListener-only code, no JSON or textContent assumed). Everything shown comes from the
 * network, so it goes into the page as text nodes, never as markup.
 */
(function (window, document) {
  'use strict';

  var MAX_NICK_LENGTH = 32;
  var MAX_MESSAGES = 500;

  // ---- helpers ------------------------------------------------------------------------------

  function $(id) {
    return document.getElementById(id);
  }

  function now() {
    return (window.performance && window.performance.now) ? window.performance.now() : new Date().getTime();
  }

  function listen(el, type, fn) {
    if (el.addEventListener) el.addEventListener(type, fn, false);
    else el.attachEvent('on' + type, function () { fn.call(el, window.event); });
  }

  function preventDefault(e) {
    if (e.preventDefault) e.preventDefault();
    else e.returnValue = false;
  }

  function trim(s) {
    return String(s).replace(/^\s+|\s+$/g, '');
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  // Replaces the element's content with this text, as text.
  function setText(el, text) {
    clear(el);
    el.appendChild(document.createTextNode(text == null ? '' : String(text)));
  }

  // An element holding text; the text is never parsed as HTML.
  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.appendChild(document.createTextNode(String(text)));
    return el;
  }

  function setDisabled(ids, disabled) {
    for (var i = 0; i < ids.length; i++) $(ids[i]).disabled = disabled;
  }

  function contains(list, value) {
    for (var i = 0; i < list.length; i++) {
      if (list[i] === value) return true;
    }
    return false;
  }

  function pad(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function clock() {
    var d = new Date();
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  // A payload of any JSON type, shown as text.
  function describe(value) {
    if (typeof value === 'string') return value;
    if (window.JSON && window.JSON.stringify) {
      try {
        return window.JSON.stringify(value);
      } catch (e) {
        // fall through
      }
    }
    return String(value);
  }

  // ?a=b&c=d, '+' as space; the last of repeated names wins.
  function queryParams(search) {
    var params = {};
    var pairs = search.replace(/^\?/, '').split('&');
    for (var i = 0; i < pairs.length; i++) {
      if (!pairs[i]) continue;
      var eq = pairs[i].indexOf('=');
      var key = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
      var value = eq < 0 ? '' : pairs[i].substring(eq + 1);
      try {
        params[decodeURIComponent(key.replace(/\+/g, ' '))] = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch (e) {
        // A malformed escape: ignore that parameter.
      }
    }
    return params;
  }

  function randomId() {
    var id = '';
    for (var i = 0; i < 4; i++) id += Math.floor((1 + Math.random()) * 0x10000).toString(16).substring(1);
    return id + '-' + new Date().getTime().toString(36);
  }

  // ---- state --------------------------------------------------------------------------------

  var params = queryParams(window.location.search || '');
  var timings = window.cometTimings || (window.cometTimings = { loadStart: now(), connectedAt: null });
  var wantedNick = params.nick ? trim(params.nick) : null; // the name to (re)claim after every connect
  var myNick = null;                                        // the name the server granted
  var claimSeq = 0;                                         // only the latest claim's answer counts
  var users = [];
  var recipients = 0;                                       // users the private form offers

  // ---- rendering ----------------------------------------------------------------------------

  function setStatus(state, text) {
    var el = $('status');
    el.className = 'status status-' + state;
    setText(el, text);
  }

  function addMessage(kind, parts) {
    var list = $('messages');
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    var li = make('li', 'msg msg-' + kind);
    li.appendChild(make('span', 'msg-time', clock()));
    for (var i = 0; i < parts.length; i++) li.appendChild(parts[i]);
    list.appendChild(li);
    while (list.childNodes.length > MAX_MESSAGES) list.removeChild(list.firstChild);
    if (nearBottom) list.scrollTop = list.scrollHeight;
  }

  function systemMessage(text) {
    addMessage('system', [make('span', 'msg-text', text)]);
  }

  function renderUsers() {
    var list = $('users');
    clear(list);
    for (var i = 0; i < users.length; i++) {
      var li = make('li', users[i] === myNick ? 'user user-me' : 'user', users[i]);
      li.setAttribute('data-nick', users[i]);
      if (users[i] === myNick) li.appendChild(make('span', 'user-you', ' (you)'));
      list.appendChild(li);
    }
    setText($('user-count'), users.length);
    renderRecipients();
  }

  // The private form offers everyone online but me, keeping the current choice if still there.
  function renderRecipients() {
    var select = $('private-to');
    var previous = select.value;
    recipients = 0;
    while (select.options.length) select.remove(0);
    for (var i = 0; i < users.length; i++) {
      if (users[i] === myNick) continue;
      select.appendChild(option(users[i], users[i]));
      recipients++;
    }
    if (!recipients) select.appendChild(option('', 'nobody else online'));
    select.value = previous;
    if (select.selectedIndex < 0) select.selectedIndex = 0;
    updateForms();
  }

  function option(value, text) {
    var el = document.createElement('option');
    el.value = value;
    el.appendChild(document.createTextNode(text));
    return el;
  }

  function updateForms() {
    var joined = myNick !== null;
    // While a name is being claimed the form stays hidden; a refused claim brings it back.
    $('nick-form').style.display = joined || wantedNick ? 'none' : '';
    setText($('me'), joined ? myNick : (wantedNick ? 'joining as ' + wantedNick + '\u2026' : 'not joined'));
    setDisabled(['chat-input', 'chat-submit'], !joined);
    var canWhisper = joined && recipients > 0;
    setDisabled(['private-to', 'private-input', 'private-submit'], !canWhisper);
  }

  function showNickError(text) {
    setText($('nick-error'), text);
  }

  // ---- the connection -----------------------------------------------------------------------

  if (!window.comet) {
    setStatus('error', 'client failed to load');
    return;
  }

  var options = { auth: { clientId: randomId() } };
  if (params.transports) {
    var names = params.transports.split(',');
    var transports = [];
    for (var t = 0; t < names.length; t++) {
      if (trim(names[t])) transports.push(trim(names[t]));
    }
    if (transports.length) options.transports = transports;
  }

  var socket = window.socket = window.comet.connect(options);

  function claim(name) {
    var seq = ++claimSeq;
    socket.emit('nick', name, function (ok) {
      if (seq !== claimSeq) return;
      if (ok === true) {
        if (myNick !== name) systemMessage('You joined as ' + name + '.');
        myNick = name;
        showNickError('');
        renderUsers();
      } else {
        myNick = null;
        wantedNick = null;
        showNickError('"' + name + '" is taken or not allowed; pick another nickname.');
        $('nick-input').value = name;
        renderUsers();
      }
    });
  }

  socket.on('connect', function () {
    if (timings.connectedAt == null) timings.connectedAt = now();
    setStatus('connected', 'connected');
    setText($('transport'), socket.transport || 'unknown');
    if (wantedNick) claim(wantedNick);
  });

  // The connection moved to WebSocket in the background.
  socket.on('upgrade', function (name) {
    setText($('transport'), name);
  });

  socket.on('disconnect', function (reason) {
    setStatus('disconnected', 'disconnected' + (reason ? ' (' + reason + ')' : ''));
    setText($('transport'), 'none');
    systemMessage('Disconnected' + (reason ? ': ' + reason : '') + '.');
  });

  socket.on('connect_error', function (err) {
    setStatus('error', 'connection error' + (err && err.message ? ': ' + err.message : ''));
  });

  socket.on('reconnect_attempt', function (attempt) {
    setStatus('connecting', 'reconnecting (attempt ' + attempt + ')');
  });

  socket.on('reconnect', function () {
    systemMessage('Reconnected.');
  });

  socket.on('users', function (list) {
    users = [];
    if (list && typeof list.length === 'number') {
      for (var i = 0; i < list.length; i++) {
        if (typeof list[i] === 'string' && !contains(users, list[i])) users.push(list[i]);
      }
    }
    renderUsers();
  });

  socket.on('chat', function (message) {
    if (!message) return;
    addMessage('public', [
      make('span', 'msg-from', message.from),
      make('span', 'msg-text', message.text)
    ]);
  });

  socket.on('private message', function (fromNick, payload) {
    addMessage('private', [
      make('span', 'msg-tag', 'private'),
      make('span', 'msg-from', fromNick),
      make('span', 'msg-text', describe(payload))
    ]);
  });

  // Leaving the page: browsers may keep it, connection and all, in their back/forward cache, where it
  // would stay online and hold its nickname. So it says goodbye, and comes back if the page is restored.
  if ('onpagehide' in window) {
    listen(window, 'pagehide', function () {
      if (socket.active || socket.connected) socket.disconnect();
    });
    listen(window, 'pageshow', function (e) {
      if (e && e.persisted) {
        setStatus('connecting', 'connecting');
        socket.connect();
      }
    });
  }

  // ---- the forms ----------------------------------------------------------------------------

  listen($('nick-form'), 'submit', function (e) {
    preventDefault(e);
    var name = trim($('nick-input').value);
    if (!name) {
      showNickError('Type a nickname first.');
      return;
    }
    if (name.length > MAX_NICK_LENGTH) {
      showNickError('At most ' + MAX_NICK_LENGTH + ' characters, please.');
      return;
    }
    wantedNick = name;
    showNickError('');
    updateForms();
    // Not connected: the connect handler claims it.
    if (socket.connected) claim(name);
  });

  listen($('chat-form'), 'submit', function (e) {
    preventDefault(e);
    var input = $('chat-input');
    var text = trim(input.value);
    if (!text || myNick === null) return;
    socket.emit('chat', text);
    input.value = '';
    input.focus();
  });

  listen($('private-form'), 'submit', function (e) {
    preventDefault(e);
    var to = $('private-to').value;
    var input = $('private-input');
    var text = trim(input.value);
    if (!to || !text || myNick === null) return;
    socket.emit('private message', to, text, function (delivered) {
      if (delivered === true) {
        addMessage('private-sent', [
          make('span', 'msg-tag', 'private'),
          make('span', 'msg-from', 'to ' + to),
          make('span', 'msg-text', text)
        ]);
      } else {
        systemMessage(to + ' is not online; the message was not delivered.');
      }
    });
    input.value = '';
    input.focus();
  });

  // Clicking a user picks them as the private message's recipient.
  listen($('users'), 'click', function (e) {
    var target = e.target || e.srcElement;
    while (target && target !== this && !(target.getAttribute && target.getAttribute('data-nick'))) {
      target = target.parentNode;
    }
    var nick = target && target.getAttribute ? target.getAttribute('data-nick') : null;
    if (!nick || nick === myNick) return;
    $('private-to').value = nick;
    $('private-input').focus();
  });

  updateForms();
  if (!wantedNick) $('nick-input').focus();
}(window, document));
