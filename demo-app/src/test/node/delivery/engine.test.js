'use strict';
// comet.js's engine against a simulated server: negotiation, offsets and acknowledgements, resuming a session, giving up.
const test = require('node:test');
const assert = require('node:assert/strict');
const { World, sleep, until, connect, connected, start, emitAck, requests } = require('./world');

test.afterEach(() => World.closeAll());

test('plain server: websocket, no comet wire additions', async () => {
  const { world, socket, engine } = await start({ comet: false }, { transports: ['websocket'] });
  assert.equal(engine.acking, false);
  assert.equal(requests(world, (r) => r.method === 'WS')[0].query.comet, '1');
  assert.deepEqual(await emitAck(socket, 'echo', 'a', 1), ['a', 1]);
  assert.deepEqual(await emitAck(socket, 'echo', 'b'), ['b']);
  const ids = requests(world, (r) => r.method === 'WSMSG' && r.text.charAt(1) === '2').map((r) => r.text);
  assert.deepEqual(ids, ['420["echo","a",1]', '421["echo","b"]']);
  const got = [];
  socket.on('count', (i) => got.push(i));
  await emitAck(socket, 'count', 150);
  await sleep(1200);
  assert.equal(got.length, 150);
  assert.equal(requests(world, (r) => r.method === 'WSMSG' && r.text.charAt(0) === '6').length, 0, 'no noop acks');
});

test('plain server: polling upgrades with a bare 5, and a lost transport ends the session', async () => {
  const { world, socket } = await start({ comet: false }, { transports: ['polling', 'websocket'] });
  await until('upgrade', () => socket.transport === 'websocket');
  await sleep(20);
  const five = requests(world, (r) => r.method === 'WSMSG' && r.text.charAt(0) === '5');
  assert.deepEqual(five.map((r) => r.text), ['5']);
  const polls = requests(world, (r) => r.method === 'GET');
  assert.ok(polls.every((r) => r.query.offset === undefined), 'no offset on plain polls');
  let reason = null;
  socket.on('disconnect', (r) => { reason = r; });
  world.cut(0);
  await until('disconnect', () => reason !== null);
  assert.ok(reason === 'transport close' || reason === 'transport error', reason);
  await connected(socket);
  assert.equal(socket.io.engine.resumes, 0);
});

test('comet server, websocket cut: resumes on the session from the offset, emits run once', async () => {
  const { world, socket, engine } = await start(undefined, { transports: ['websocket'] });
  const sid = engine.id;
  const got = [];
  socket.on('count', (i) => got.push(i));
  let resumes = 0;
  engine.on('resume', () => resumes++);
  let disconnected = false;
  socket.on('disconnect', () => { disconnected = true; });
  world.cut(50);
  // Sent into the dead socket: lost; the outbox sends it again after the resume.
  const answer = emitAck(socket, 'count', 20);
  await until('resumed', () => engine.resumes === 1);
  assert.deepEqual(await answer, [20]);
  await until('20 events', () => got.length === 20);
  assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => i));
  assert.equal(engine.id, sid);
  assert.equal(resumes, 1);
  assert.equal(disconnected, false);
  const wss = requests(world, (r) => r.method === 'WS');
  const last = wss[wss.length - 1].query;
  assert.equal(last.sid, sid);
  assert.ok(last.offset !== undefined, 'resume url names the offset');
  assert.equal(world.server.runs.filter((r) => r[1] === 'count').length, 1);
});

test('comet server, polling cut with packets lost in flight: nothing lost, nothing twice', async () => {
  const { world, socket, engine } = await start({ upgrades: false }, { transports: ['polling'] });
  const got = [];
  socket.on('count', (i) => got.push(i));
  await emitAck(socket, 'count', 3);
  await until('3', () => got.length === 3);
  const gets = requests(world, (r) => r.method === 'GET');
  assert.equal(gets[0].query.comet, '1');
  assert.equal(gets[0].query.sid, undefined);
  assert.ok(gets.slice(1).every((r) => r.query.offset !== undefined), 'every later GET names the offset');
  world.cut(30);
  // The server writes these into the dead poll.
  const st = world.server.sessions[engine.id].sockets['/'];
  for (let i = 3; i < 8; i++) world.server.emit(st, 'count', [i]);
  socket.emit('note', 'during the cut');
  await until('resumed', () => engine.resumes === 1);
  await until('8', () => got.length === 8);
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7]);
  await until('note ran', () => world.server.runs.some((r) => r[1] === 'note'));
  await sleep(100);
  assert.equal(world.server.runs.filter((r) => r[1] === 'note').length, 1);
  const pongPost = requests(world, (r) => r.method === 'POST' && r.body === '3');
  assert.ok(pongPost.length >= 1, 'a pong after the resume');
  await until('outbox empty', () => socket.pendingEmits() === 0);
});

test('comet server, polling to websocket: the upgrade packet names the offset', async () => {
  const { world, socket } = await start(undefined, { transports: ['polling', 'websocket'] });
  await until('upgrade', () => socket.transport === 'websocket');
  await sleep(20);
  const five = requests(world, (r) => r.method === 'WSMSG' && r.text.charAt(0) === '5');
  assert.equal(five.length, 1);
  assert.match(five[0].text, /^5\d+$/);
  const got = [];
  socket.on('count', (i) => got.push(i));
  await emitAck(socket, 'count', 5);
  await until('5', () => got.length === 5);
  // After the upgrade, a cut resumes on websocket.
  world.cut(20);
  await until('resumed', () => socket.io.engine.resumes === 1);
  const wss = requests(world, (r) => r.method === 'WS');
  assert.ok(wss[wss.length - 1].query.offset !== undefined);
  await emitAck(socket, 'count', 2);
  await until('7', () => got.length === 7);
  assert.deepEqual(got, [0, 1, 2, 3, 4, 0, 1]);
});

test('comet server, xhr-streaming cut: resumes with offset, opens at once', async () => {
  const { world, socket, engine } = await start({ upgrades: false, pingInterval: 5000, pingTimeout: 5000 }, { transports: ['xhr-streaming'] });
  const got = [];
  socket.on('count', (i) => got.push(i));
  await emitAck(socket, 'count', 3);
  world.cut(20);
  const st = world.server.sessions[engine.id].sockets['/'];
  for (let i = 3; i < 6; i++) world.server.emit(st, 'count', [i]);
  await until('resumed', () => engine.resumes === 1);
  await until('6', () => got.length === 6);
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5]);
  const gets = requests(world, (r) => r.method === 'GET');
  assert.ok(gets[gets.length - 1].query.offset !== undefined);
  await sleep(1200);
  const noops = requests(world, (r) => r.method === 'POST' && /(^|\x1e)6\d+/.test(r.body));
  assert.ok(noops.length >= 1, 'stream acks with a noop');
});

// htmlfile's responses die without a word in Chromium (stream.js); the same
// watchdog on xhr-streaming, whose response here goes dark without ending.
function silentlyFailing(world) {
  world.comet.transports['xhr-streaming'].prototype.failsSilently = true;
}

function liveStream(world) {
  return Array.from(world.xhrs).find((x) => x.method === 'GET' && !x.blackhole);
}

test('a stream that goes silent: a ping asks, no frame comes, it resumes from the offset', async () => {
  const world = new World({ upgrades: false, pingInterval: 5000, pingTimeout: 5000 });
  silentlyFailing(world);
  const socket = await connected(connect(world, { transports: ['xhr-streaming'], transportTimeout: 200 }));
  const engine = socket.io.engine;
  const got = [];
  socket.on('count', (i) => got.push(i));
  await emitAck(socket, 'count', 3);
  const expected = engine.transport.expected;
  const before = requests(world, (r) => r.method === 'GET').length;
  liveStream(world).blackhole = true;
  const t0 = Date.now();
  const st = world.server.sessions[engine.id].sockets['/'];
  for (let i = 3; i < 6; i++) world.server.emit(st, 'count', [i]);
  await until('resumed', () => engine.resumes === 1, 3000);
  const ms = Date.now() - t0;
  await until('6', () => got.length === 6);
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5]);
  assert.ok(ms >= 350 && ms < 1500, 'about 200 ms of silence, the ping, 200 ms more: ' + ms);
  const pings = () => requests(world, (r) => r.method === 'POST' && /(^|\x1e)2($|\x1e)/.test(r.body)).length;
  await until('the resumed stream asked too', () => pings() === 2);
  const resumed = requests(world, (r) => r.method === 'GET')[before];
  assert.equal(resumed.query.offset, String(expected), 'from the first packet the dark stream did not bring');
});

test('an idle stream that lives: asked less and less often, never given up', async () => {
  const world = new World({ upgrades: false, pingInterval: 5000, pingTimeout: 5000 });
  silentlyFailing(world);
  const socket = await connected(connect(world, { transports: ['xhr-streaming'], transportTimeout: 100 }));
  const engine = socket.io.engine;
  await sleep(1700);
  const pings = requests(world, (r) => r.method === 'POST' && /(^|\x1e)2($|\x1e)/.test(r.body));
  // Silences of 100, 200, 400, 800 ms (each plus a round trip) before each ping.
  assert.ok(pings.length >= 3 && pings.length <= 5, 'pings: ' + pings.length);
  assert.equal(engine.resumes, 0);
  assert.ok(socket.connected);
  assert.equal(requests(world, (r) => r.method === 'GET').length, 1, 'one stream all along');
  // A message brings the silence allowed back to the shortest.
  const before = requests(world, (r) => r.method === 'POST' && /(^|\x1e)2($|\x1e)/.test(r.body)).length;
  await emitAck(socket, 'count', 1);
  // Without it the next ping would wait 1600 ms; after it, 100 ms (plus a round trip and the timers'
  // slack on a busy machine, well under 1600).
  await until('a ping soon after the message',
    () => requests(world, (r) => r.method === 'POST' && /(^|\x1e)2($|\x1e)/.test(r.body)).length > before, 1000);
});

test('websocket resume attempts: delays grow, five failures give up', async () => {
  const { world, socket, engine } = await start({ pingInterval: 5000, pingTimeout: 5000 }, { transports: ['websocket'], reconnection: false });
  let reason = null;
  socket.on('disconnect', (r) => { reason = r; });
  world.offline = true;
  const t0 = Date.now();
  world.cut(0);
  await until('disconnect', () => reason !== null, 5000);
  const ms = Date.now() - t0;
  const wss = requests(world, (r) => r.method === 'WS');
  assert.equal(wss.length, 1 + 5, 'five attempts');
  assert.ok(ms >= 750 && ms < 4000, 'about 0+50+100+200+400 ms: ' + ms);
  assert.equal(engine.resumes, 0);
});

test('xhr-streaming whose session is gone: 400 gives up at once, recovery on a new session', async () => {
  const { world, socket, engine } = await start({ upgrades: false, pingInterval: 5000, pingTimeout: 5000 }, { transports: ['xhr-streaming'] });
  const first = engine.id;
  world.server.forgetSessions();
  await until('new session', () => socket.connected && engine.id && engine.id !== first, 3000);
  await until('recovered', () => socket.recovered === true);
  assert.equal(engine.resumes, 0);
});

test('xhr-streaming on a dead network: five attempts, no resume counted', async () => {
  const { world, socket, engine } = await start({ upgrades: false, pingInterval: 5000, pingTimeout: 5000 }, { transports: ['xhr-streaming'], reconnection: false });
  let reason = null;
  let resumeEvents = 0;
  engine.on('resume', () => resumeEvents++);
  socket.on('disconnect', (r) => { reason = r; });
  world.offline = true;
  world.cut(0);
  await until('disconnect', () => reason !== null, 5000);
  assert.equal(engine.resumes, 0);
  assert.equal(resumeEvents, 5, 'each stream attempt opened');
});

test('a cut while pausing for the upgrade: resumes the polling transport, what waited arrives', async () => {
  const { world, socket, engine } = await start(undefined, { transports: ['polling', 'websocket'] });
  // Hold the probe's pong: the transport pauses, then the cut.
  await until('pausing', () => engine.upgrading && engine.transport.pausing(), 3000);
  socket.emit('note', 'during the pause');
  world.cut(0);
  await until('resumed', () => engine.resumes === 1, 3000);
  await until('note ran', () => world.server.runs.some((r) => r[1] === 'note'));
  await until('outbox empty', () => socket.pendingEmits() === 0);
  await sleep(100);
  assert.equal(world.server.runs.filter((r) => r[1] === 'note').length, 1);
});

// The POST fails either before it reached the server or after (its answer lost).
for (const arrives of [false, true]) {
  test('a failed POST (' + (arrives ? 'it arrived' : 'it did not arrive') + '): the session resumes at once, the emit runs once', async () => {
    const { world, socket, engine } = await start({ upgrades: false, pingInterval: 5000, pingTimeout: 5000 }, { transports: ['polling'] });
    world.failPosts = 1;
    world.postsArrive = arrives;
    const t0 = Date.now();
    assert.deepEqual(await emitAck(socket, 'echo', 'x'), ['x']);
    await until('resumed', () => engine.resumes === 1);
    assert.ok(Date.now() - t0 < 2500, 'no wait for the held poll (pings every 5 s): ' + (Date.now() - t0));
    await sleep(50);
    assert.equal(world.server.runs.filter((r) => r[1] === 'echo').length, 1);
  });
}
