'use strict';
// The built comet.js (COMET_JS) in a simulated page: fake XMLHttpRequest and
// WebSocket, served by an in-process server that speaks docs/delivery.md on
// polling, websocket and xhr-streaming (or the plain protocol, comet: false).
const vm = require('vm');
const fs = require('fs');
const { Server, later, every } = require('./server');
const SRC = fs.readFileSync(process.env.COMET_JS, 'utf8');

const open = new Set();

class World {
  constructor(opts) {
    opts = opts || {};
    // The one timer that keeps the test process alive, while the world is open.
    this.keepAlive = setInterval(() => {}, 1000);
    open.add(this);
    this.offline = false;
    this.server = new Server(this, opts);
    this.xhrs = new Set();
    this.sockets = new Set();
    this.clients = [];
    const world = this;
    const server = this.server;

    class FakeXhr {
      constructor() {
        this.readyState = 0; this.status = 0; this.responseText = ''; this.withCredentials = false;
        this.onprogress = null; this.onreadystatechange = null; this.blackhole = false;
      }
      open(method, url) { this.method = method; this.url = url; this.readyState = 1; }
      setRequestHeader() {}
      send(body) {
        world.xhrs.add(this);
        later(() => { if (!this.aborted) server.http(this, body); }, 1);
      }
      abort() { this.aborted = true; world.xhrs.delete(this); if (this.onAbort) this.onAbort(); }
      progress(text) {
        if (this.aborted || this.done || this.blackhole) return;
        this.status = 200; this.readyState = 3; this.responseText += text;
        if (this.onprogress) this.onprogress();
        if (this.onreadystatechange) this.onreadystatechange();
      }
      respond(status, text) {
        if (this.aborted || this.done) return;
        if (this.blackhole) return;
        this.done = true;
        world.xhrs.delete(this);
        later(() => {
          this.status = status; this.readyState = 4;
          if (text !== null) this.responseText = this.method === 'GET' && this.url.indexOf('xhr-streaming') >= 0 ? this.responseText + text : text;
          if (this.onreadystatechange) this.onreadystatechange();
        }, 1);
      }
      fail() {
        if (this.aborted || this.done) return;
        this.done = true;
        world.xhrs.delete(this);
        later(() => { this.status = 0; this.readyState = 4; if (this.onreadystatechange) this.onreadystatechange(); }, 1);
      }
    }

    class FakeWs {
      constructor(url) {
        this.url = url; this.readyState = 0; this.blackhole = false;
        world.sockets.add(this);
        later(() => server.ws(this), 1);
      }
      accept() { later(() => { if (this.readyState === 0) { this.readyState = 1; if (this.onopen) this.onopen(); } }, 1); }
      refuse() { later(() => this.drop(), 1); }
      deliver(text) {
        if (this.blackhole) return;
        later(() => { if (this.readyState === 1 && !this.blackhole && this.onmessage) this.onmessage({ data: text }); }, 1);
      }
      send(text) {
        if (this.readyState !== 1) throw new Error('not open');
        if (this.blackhole) return;
        later(() => { if (!this.blackhole) server.wsMessage(this, text); }, 1);
      }
      close() { this.readyState = 3; world.sockets.delete(this); server.wsClosed(this); }
      serverClose() { later(() => { server.wsClosed(this); this.drop(); }, 1); }
      drop() {
        if (this.readyState === 3) return;
        this.readyState = 3; world.sockets.delete(this);
        if (this.onerror) this.onerror({});
        if (this.onclose) this.onclose({});
      }
    }

    const ctx = {
      setTimeout: later, clearTimeout, setInterval: every, clearInterval, console,
      XMLHttpRequest: FakeXhr,
      WebSocket: FakeWs,
      location: { protocol: 'http:', hostname: 'localhost', port: '3000', host: 'localhost:3000' },
    };
    ctx.window = ctx;
    vm.createContext(ctx);
    vm.runInContext(SRC, ctx);
    this.ctx = ctx;
    this.comet = ctx.comet;
  }

  // The network drops everything under way: the server goes on writing into
  // the dead responses (it thinks them delivered), the client sees nothing,
  // then after `ms` an error.
  cut(ms) {
    const xhrs = Array.from(this.xhrs);
    const sockets = Array.from(this.sockets);
    for (const x of xhrs) x.blackhole = true;
    for (const w of sockets) w.blackhole = true;
    later(() => {
      for (const x of xhrs) {
        x.blackhole = false;
        x.fail();
      }
      for (const w of sockets) { this.server.wsClosed(w); w.drop(); }
    }, ms || 0);
  }

  // Also after a failed test (afterEach), so that nothing of it goes on.
  static closeAll() {
    for (const world of Array.from(open)) world.close();
  }

  close() {
    clearInterval(this.keepAlive);
    open.delete(this);
    this.offline = true;
    for (const socket of this.clients) socket.disconnect();
    for (const sid of Object.keys(this.server.sessions)) this.server.destroy(this.server.sessions[sid], 'end');
    for (const w of Array.from(this.sockets)) w.readyState = 3;
  }
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function until(what, fn, ms) {
  const end = Date.now() + (ms || 3000);
  while (Date.now() < end) {
    if (fn()) return;
    await sleep(5);
  }
  throw new Error('timed out waiting for ' + what);
}

function connect(world, options) {
  const socket = world.comet.connect('http://localhost:3000', Object.assign({ reconnectionDelay: 50, reconnectionDelayMax: 100 }, options));
  world.clients.push(socket);
  return socket;
}

async function connected(socket) {
  await until('connect', () => socket.connected);
  return socket;
}

// A world (server options) with a connected socket (comet.connect options).
async function start(serverOptions, options) {
  const world = new World(serverOptions);
  const socket = await connected(connect(world, options));
  return { world, socket, engine: socket.io.engine };
}

// Resolves with the arguments of the server's answer.
function emitAck(socket) {
  const args = Array.prototype.slice.call(arguments, 1);
  return new Promise((resolve) => socket.emit.apply(socket, args.concat([function () {
    resolve(Array.prototype.slice.call(arguments));
  }])));
}

// What the server got: { method: GET|POST|WS|WSMSG, transport, query, body | text }.
function requests(world, pred) {
  return world.server.log.filter(pred);
}

module.exports = { World, sleep, until, connect, connected, start, emitAck, requests };
