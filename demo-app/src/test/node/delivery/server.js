'use strict';
// A server for the simulated page (world.js): Engine.IO sessions on polling,
// websocket and xhr-streaming as docs/delivery.md has them (offsets kept until
// acknowledged, resuming from an offset, 5N, 6N), and the Socket.IO side of
// connection state recovery and the upstream sequence. With comet: false it
// speaks the plain protocol. Namespace '/' only; handlers echo, count, note.
// A client's ping is answered with a pong on the session's stream, as a Comet
// server does.

const RS = '\x1e';

// The simulation's timers (the server's, the fake browser's, comet.js's) keep
// no test process alive: a test that fails leaves nothing running.
function later(fn, ms) {
  const t = setTimeout(fn, ms);
  t.unref();
  return t;
}

function every(fn, ms) {
  const t = setInterval(fn, ms);
  t.unref();
  return t;
}

function parseUrl(url) {
  const q = url.substring(url.indexOf('?') + 1);
  const out = {};
  for (const part of q.split('&')) {
    const eq = part.indexOf('=');
    out[decodeURIComponent(part.substring(0, eq))] = decodeURIComponent(part.substring(eq + 1));
  }
  return out;
}

class Server {
  constructor(world, opts) {
    this.world = world;
    this.comet = opts.comet !== false;
    this.pingInterval = opts.pingInterval || 300;
    this.pingTimeout = opts.pingTimeout || 200;
    this.sessions = {};
    this.count = 0;
    this.log = [];          // every request: { method, transport, query, body }
    this.states = {};        // pid -> socket state kept for recovery
    this.eventOffset = 0;
    this.runs = [];          // [sid-of-socket, event, args] every handler run
    this.upgrades = opts.upgrades !== false;
  }

  // ---- sessions
  newSession(transport, query) {
    const s = {
      sid: 'E' + (++this.count), transport, comet: this.comet && query.comet === '1',
      queue: [], next: 0, sentUpTo: 0, receiver: null, sockets: {}, closed: false,
      lastPong: Date.now(), upgrading: null,
    };
    this.sessions[s.sid] = s;
    const open = { sid: s.sid, upgrades: this.upgrades && transport !== 'websocket' ? ['websocket'] : [],
      pingInterval: this.pingInterval, pingTimeout: this.pingTimeout, maxPayload: 1e6 };
    if (s.comet) open.comet = 1;
    this.queue(s, '0' + JSON.stringify(open));
    if (transport === 'xhr-streaming') this.queue(s, '6');
    s.pingTimer = every(() => {
      if (Date.now() - s.lastPong > this.pingInterval + this.pingTimeout) { this.destroy(s, 'ping timeout'); return; }
      this.queue(s, '2');
    }, this.pingInterval);
    return s;
  }

  destroy(s, reason) {
    if (s.closed) return;
    s.closed = true;
    clearInterval(s.pingTimer);
    delete this.sessions[s.sid];
    if (s.receiver && s.receiver.end) s.receiver.end();
    this.log.push({ destroyed: s.sid, reason });
  }

  queue(s, text) {
    s.queue.push({ offset: s.next++, text });
    this.flush(s);
  }

  // Writes what the receiver has not had yet; the plain protocol forgets it then.
  flush(s) {
    const r = s.receiver;
    if (!r || s.closed) return;
    const items = s.queue.filter((p) => p.offset >= s.sentUpTo);
    if (!items.length) return;
    s.sentUpTo = s.next;
    if (!s.comet) s.queue = [];
    if (r.kind === 'poll') {
      s.receiver = null;
      r.respond(items.map((p) => p.text).join(RS));
    } else if (r.kind === 'ws') {
      for (const p of items) r.send(p.text);
    } else {
      for (const p of items) r.write(p.offset + ':' + p.text.length + ':' + p.text + '\n');
    }
  }

  // N must lie within what is held and what was sent.
  acknowledge(s, n) {
    const first = s.queue.length ? s.queue[0].offset : s.next;
    if (!(n >= first && n <= s.next)) return false;
    s.queue = s.queue.filter((p) => p.offset >= n);
    return true;
  }

  resendFrom(s, n) {
    if (!this.acknowledge(s, n)) return false;
    s.sentUpTo = n;
    return true;
  }

  // ---- HTTP
  http(xhr, body) {
    const q = parseUrl(xhr.url);
    this.log.push({ method: xhr.method, transport: q.transport, query: q, body });
    if (this.world.offline) { xhr.fail(); return; }
    if (xhr.method === 'POST' && this.world.failPosts > 0) {
      this.world.failPosts--;
      if (this.world.postsArrive) this.receive(this.sessions[q.sid], body.split(RS));
      xhr.fail();
      return;
    }
    let s = null;
    if (q.sid) {
      s = this.sessions[q.sid];
      if (!s) { xhr.respond(400, '{"code":1,"message":"Session ID unknown"}'); return; }
      if (s.transport !== q.transport) { xhr.respond(400, '{"code":3,"message":"Bad request"}'); return; }
    }
    if (xhr.method === 'POST') {
      this.receive(s, body.split(RS));
      xhr.respond(200, 'ok');
      return;
    }
    if (!s) s = this.newSession(q.transport, q);
    else if (s.comet && q.offset !== undefined && !this.resendFrom(s, Number(q.offset))) {
      xhr.respond(400, '{"code":3,"message":"Bad request"}');
      return;
    } else if (!s.comet && q.transport === 'xhr-streaming' && q.offset !== undefined) {
      this.resendFrom(s, Number(q.offset));
    }
    const old = s.receiver;
    if (q.transport === 'polling') {
      if (old && old.kind === 'poll') old.respond('6');
      s.receiver = { kind: 'poll', xhr, respond: (text) => xhr.respond(200, text) };
    } else {
      if (old && old.end) old.end();
      xhr.progress(' '.repeat(2048) + '\n');
      const r = { kind: 'stream', xhr, write: (f) => xhr.progress(f), end: () => { if (s.receiver === r) s.receiver = null; xhr.respond(200, null); } };
      s.receiver = r;
    }
    xhr.onAbort = () => { if (s.receiver && s.receiver.xhr === xhr) s.receiver = null; };
    this.flush(s);
    if (s.upgrading && s.receiver && s.receiver.kind !== 'ws') this.release(s);
  }

  // The held poll or stream ends for an upgrade probe.
  release(s) {
    const r = s.receiver;
    if (!r) return;
    later(() => {
      if (s.receiver !== r) return;
      s.receiver = null;
      if (r.kind === 'poll') r.respond('6'); else r.end();
    }, 10);
  }

  // ---- WebSocket
  ws(sock) {
    const q = parseUrl(sock.url);
    this.log.push({ method: 'WS', transport: 'websocket', query: q });
    if (this.world.offline) { sock.refuse(); return; }
    let s = null;
    if (q.sid) {
      s = this.sessions[q.sid];
      if (!s) { sock.refuse(); return; }
    }
    sock.accept();
    const r = { kind: 'ws', sock, send: (t) => sock.deliver(t) };
    if (!s) {
      s = this.newSession('websocket', q);
      s.receiver = r;
      this.flush(s);
    } else if (q.offset !== undefined) {
      if (!s.comet || s.transport !== 'websocket' || !this.resendFrom(s, Number(q.offset))) { sock.serverClose(); return; }
      if (s.receiver && s.receiver.sock) s.receiver.sock.serverClose();
      s.receiver = r;
      this.flush(s);
    } else {
      s.upgrading = r;
    }
    sock.session = s;
    sock.receiver = r;
  }

  wsMessage(sock, text) {
    const s = sock.session;
    if (!s || s.closed) return;
    this.log.push({ method: 'WSMSG', text });
    if (s.upgrading === sock.receiver) {
      if (text === '2probe') { sock.deliver('3probe'); this.release(s); return; }
      if (text.charAt(0) === '5') {
        s.upgrading = null;
        s.transport = 'websocket';
        if (s.comet && !this.resendFrom(s, Number(text.substring(1)))) { sock.serverClose(); return; }
        s.receiver = sock.receiver;
        this.flush(s);
        return;
      }
    }
    if (s.receiver !== sock.receiver) return;
    this.receive(s, [text]);
  }

  wsClosed(sock) {
    const s = sock.session;
    if (s && s.receiver === sock.receiver) s.receiver = null;
    if (s && s.upgrading === sock.receiver) s.upgrading = null;
  }

  // ---- Engine.IO packets from the client
  receive(s, packets) {
    for (const p of packets) {
      const type = p.charAt(0);
      const data = p.substring(1);
      if (type === '3') s.lastPong = Date.now();
      else if (type === '2' && s.comet) this.queue(s, '3' + data);
      else if (type === '6' && s.comet && data !== '') { s.acks = (s.acks || []).concat([Number(data)]); this.acknowledge(s, Number(data)); }
      else if (type === '1') this.destroy(s, 'client close');
      else if (type === '4') this.sio(s, data);
    }
  }

  // ---- Socket.IO, namespace '/' only
  sio(s, text) {
    const type = text.charAt(0);
    const m = /^(\d*)(.*)$/.exec(text.substring(1));
    const id = m[1] === '' ? null : Number(m[1]);
    const data = m[2] ? JSON.parse(m[2]) : undefined;
    if (type === '0') {
      if (s.sockets['/']) return;
      this.connect(s, data || {});
    } else if (type === '2') {
      this.event(s, s.sockets['/'], id, data);
    } else if (type === '3') {
      (s.sockets['/'].clientAcks = s.sockets['/'].clientAcks || []).push([id, data]);
    } else if (type === '1') {
      delete s.sockets['/'];
    }
  }

  connect(s, auth) {
    const kept = typeof auth.pid === 'string' ? this.states[auth.pid] : null;
    let st;
    let replay = [];
    if (kept && (auth.offset === undefined || kept.events.some((e) => e.offset === auth.offset))) {
      st = kept;
      const at = auth.offset === undefined ? 0 : kept.events.findIndex((e) => e.offset === auth.offset) + 1;
      replay = kept.events.slice(at);
    } else {
      st = { sid: 'S' + (++this.count), pid: 'P' + (++this.count), events: [], highest: 0, answers: {} };
      this.states[st.pid] = st;
    }
    st.auth = auth;
    st.session = s;
    s.sockets['/'] = st;
    this.queue(s, '40' + JSON.stringify({ sid: st.sid, pid: st.pid }));
    for (const e of replay) this.queue(s, e.text);
  }

  // Sends an event to the socket: its offset last; kept for recovery.
  emit(st, event, args) {
    const offset = String(++this.eventOffset);
    const text = '42' + JSON.stringify([event].concat(args, this.comet ? [offset] : []));
    st.events.push({ offset, text });
    if (st.session && !st.session.closed && st.session.sockets['/'] === st) this.queue(st.session, text);
  }

  event(s, st, id, data) {
    const answer = (args) => this.queue(s, '43' + id + JSON.stringify(args));
    if (s.comet && id !== null) {
      const seq = id >> 1;
      if (seq <= st.highest) {
        if (id % 2 === 0) answer([]);
        else if (st.answers[id]) answer(st.answers[id]);
        return;
      }
      st.highest = seq;
      if (id % 2 === 0) answer([]);
    }
    this.runs.push([st.sid, data[0], data.slice(1)]);
    const reply = (args) => {
      if (s.comet) st.answers[id] = args;
      if (id !== null && (!s.comet || id % 2 === 1)) answer(args);
    };
    if (data[0] === 'echo') reply(data.slice(1));
    else if (data[0] === 'count') {
      for (let i = 0; i < data[1]; i++) this.emit(st, 'count', [i]);
      reply([data[1]]);
    } else reply([]);
  }

  // Server-side cut: the session forgets its sockets' sessions (as after a restart).
  forgetSessions() {
    for (const sid of Object.keys(this.sessions)) this.destroy(this.sessions[sid], 'forgotten');
  }
}

module.exports = { Server, later, every };
