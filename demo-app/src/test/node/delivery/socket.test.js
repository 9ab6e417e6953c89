'use strict';
// comet.js's sockets against a simulated server: connection state recovery and the upstream sequence.
const test = require('node:test');
const assert = require('node:assert/strict');
const { World, sleep, until, connect, connected, start, emitAck, requests } = require('./world');

test.afterEach(() => World.closeAll());

test('comet server, websocket: numbered emits, offsets stripped, noop acks', async () => {
  const { world, socket, engine } = await start({ pingInterval: 5000, pingTimeout: 5000 }, { transports: ['websocket'] });
  assert.equal(engine.acking, true);
  assert.deepEqual(await emitAck(socket, 'echo', 'a', 1), ['a', 1]);
  socket.emit('note', 'x');
  assert.deepEqual(await emitAck(socket, 'echo', 'b'), ['b']);
  const sent = requests(world, (r) => r.method === 'WSMSG' && r.text.charAt(1) === '2').map((r) => r.text);
  assert.deepEqual(sent, ['423["echo","a",1]', '424["note","x"]', '427["echo","b"]']);
  await until('outbox empty', () => socket.pendingEmits() === 0);
  const got = [];
  socket.on('count', function () { got.push(Array.prototype.slice.call(arguments)); });
  await emitAck(socket, 'count', 250);
  await until('250 events', () => got.length === 250);
  assert.deepEqual(got[0], [0]);
  assert.deepEqual(got[249], [249]);
  assert.equal(socket.offset, String(world.server.eventOffset));
  const noops = () => requests(world, (r) => r.method === 'WSMSG' && r.text.charAt(0) === '6').map((r) => r.text);
  await sleep(50);
  assert.ok(noops().length >= 2, 'noops at 100 and 200: ' + noops());
  await sleep(1200);
  const last = noops()[noops().length - 1];
  assert.equal(last, '6' + engine.expected(), 'the last noop names what is expected next');
});

test('session forgotten by the server: 400, new session, state recovered', async () => {
  const { world, socket, engine } = await start({ upgrades: false }, { transports: ['polling'] });
  const firstSid = socket.id;
  const got = [];
  socket.on('count', (i) => got.push(i));
  await emitAck(socket, 'count', 2);
  await until('2', () => got.length === 2);
  const st = world.server.sessions[engine.id].sockets['/'];
  world.server.forgetSessions();
  world.server.emit(st, 'count', [2]);
  let failed = 0;
  socket.on('recovery_failed', () => failed++);
  await until('reconnected', () => socket.connected && socket.id && engine.id && world.server.sessions[engine.id]);
  await until('recovered event', () => got.length === 3);
  assert.equal(socket.recovered, true);
  assert.equal(socket.id, firstSid);
  assert.equal(failed, 0);
  assert.equal(engine.resumes, 0);
  const connects = requests(world, (r) => r.method === 'POST' && r.body.indexOf('40') >= 0).map((r) => r.body);
  assert.match(connects[connects.length - 1], /"pid":"P\d+","offset":"\d+"/);
});

test('recovery refused: recovery_failed before connect, the offline emit sent after it', async () => {
  const { world, socket } = await start({ upgrades: false }, { transports: ['websocket'], auth: { token: 't' } });
  const events = [];
  socket.on('recovery_failed', () => events.push('recovery_failed:' + socket.connected));
  socket.on('connect', () => events.push('connect'));
  world.offline = true;
  world.cut(0);
  await until('gave up', () => !socket.connected, 5000);
  socket.emit('note', 'offline');
  assert.equal(socket.pendingEmits(), 1);
  world.server.states = {};
  world.offline = false;
  await connected(socket);
  await until('events', () => events.length === 2);
  assert.deepEqual(events, ['recovery_failed:true', 'connect']);
  assert.equal(socket.recovered, false);
  const connects = requests(world, (r) => r.method === 'WSMSG' && r.text.indexOf('40') === 0).map((r) => r.text);
  assert.match(connects[connects.length - 1], /^40\{"token":"t","pid":"P\d+"\}$/);
  await until('note ran', () => world.server.runs.some((r) => r[1] === 'note'));
  await until('outbox empty', () => socket.pendingEmits() === 0);
});

test('explicit disconnect forgets pid; auth function merged', async () => {
  const world = new World({ upgrades: false });
  let calls = 0;
  const socket = await connected(connect(world, { transports: ['websocket'], auth: (cb) => { calls++; cb({ n: calls }); } }));
  assert.ok(socket.pid);
  world.cut(0);
  world.server.forgetSessions();
  await until('reconnected with recovery', () => socket.connected && socket.recovered === true, 5000);
  const connects = () => requests(world, (r) => r.method === 'WSMSG' && r.text.indexOf('40') === 0).map((r) => r.text);
  assert.match(connects()[connects().length - 1], /^40\{"n":\d,"pid":"P\d+"\}$/);
  socket.disconnect();
  assert.equal(socket.pid, null);
  socket.connect();
  await connected(socket);
  assert.match(connects()[connects().length - 1], /^40\{"n":\d\}$/);
  assert.equal(socket.recovered, false);
});

test('an emit made while resuming goes once, after the resume', async () => {
  const { world, socket, engine } = await start({ upgrades: false }, { transports: ['websocket'] });
  world.offline = true;
  world.cut(0);
  await until('resuming', () => engine.resuming);
  socket.emit('note', 'while resuming');
  assert.equal(socket.pendingEmits(), 1);
  world.offline = false;
  await until('resumed', () => engine.resumes === 1, 5000);
  await until('outbox empty', () => socket.pendingEmits() === 0);
  await sleep(30);
  const sent = requests(world, (r) => r.method === 'WSMSG' && r.text.indexOf('while resuming') >= 0);
  assert.equal(sent.length, 1);
  assert.equal(world.server.runs.filter((r) => r[1] === 'note').length, 1);
});

test('a CONNECT lost in a cut is sent again on resume', async () => {
  const world = new World({ upgrades: false });
  const socket = connect(world, { transports: ['websocket'], autoConnect: false });
  socket.io.engine.once('open', () => world.cut(20));
  socket.connect();
  await until('resumed', () => socket.io.engine.resumes === 1, 3000);
  await connected(socket);
  const connects = requests(world, (r) => r.method === 'WSMSG' && r.text.indexOf('40') === 0);
  assert.equal(connects.length, 1, 'the first was lost on the way');
});
