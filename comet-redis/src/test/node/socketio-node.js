// A stock Node.js socket.io 4.8 server with socket.io's Redis adapter, beside Comet nodes in one cluster.
// Usage: node socketio-node.js <port> <key> [pubsub|streams]. Prints "listening" once it serves.
// With "streams", the adapter is @socket.io/redis-streams-adapter on the stream <key> (channel prefix
// <key> too), and connection state recovery is on, as Comet's default format expects.
//
// A client joins the room named by its query's "room", and its query's "name" becomes its socket.data.name.
// What a client may ask, each answered through its acknowledgement (rooms and except are arrays; empty
// means every socket):
//   to-room (room, event, data)          io.to(room).emit(event, data), cluster-wide
//   fetch (rooms, except)                io.in(rooms).except(except).fetchSockets(): [{id, rooms, data, handshake}]
//   all-rooms ()                         io.of('/').adapter.allRooms(): the rooms of every node
//   server-count ()                      io.of('/').adapter.serverCount(): the nodes it counts
//   join / leave (rooms, changed)        io.in(rooms).socketsJoin(changed) / socketsLeave(changed)
//   disconnect-sockets (rooms, close)    io.in(rooms).disconnectSockets(close)
//   server-emit (event, ...args)         io.serverSideEmit(event, ...args)
//   server-emit-ack (event, ...args)     io.serverSideEmitWithAck(event, ...args): {responses} or {error}
//   emit-ack (rooms, event, ms, ...args) io.to(rooms).timeout(ms).emitWithAck(event, ...args): {responses} or {error}
// Server-side emits from the other nodes: "ping" is answered with {pong: "node", arg}; "note" is passed
// on to this server's own clients as the event "server-side-note", with the same arguments.
const { Server } = require('socket.io');
const { createClient } = require('redis');
const { createAdapter } = require('@socket.io/redis-adapter');
const streams = require('@socket.io/redis-streams-adapter');

const [port, key, format = 'pubsub'] = process.argv.slice(2);

const outcome = (promise, ack) => promise.then((responses) => ack({ responses }), (err) => ack({ error: err.message }));

(async () => {
  const pub = createClient({ url: 'redis://127.0.0.1:6379' });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const io = format === 'streams'
    ? new Server({ adapter: streams.createAdapter(pub, { streamName: key, channelPrefix: key }),
      connectionStateRecovery: { maxDisconnectionDuration: 120000 } })
    : new Server({ adapter: createAdapter(pub, sub, { key }) });

  io.on('ping', (arg, callback) => callback({ pong: 'node', arg }));
  io.on('note', (...args) => io.local.emit('server-side-note', ...args));

  io.on('connection', (socket) => {
    const { room, name } = socket.handshake.query;
    if (room) socket.join(room);
    if (name) socket.data.name = name;

    socket.on('to-room', (to, event, data) => io.to(to).emit(event, data));
    socket.on('fetch', async (rooms, except, ack) => {
      const sockets = await io.in(rooms).except(except).fetchSockets();
      ack(sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, handshake: s.handshake })));
    });
    socket.on('all-rooms', async (ack) => ack([...(await io.of('/').adapter.allRooms())]));
    socket.on('server-count', async (ack) => ack(await io.of('/').adapter.serverCount()));
    socket.on('join', (rooms, changed, ack) => { io.in(rooms).socketsJoin(changed); ack(); });
    socket.on('leave', (rooms, changed, ack) => { io.in(rooms).socketsLeave(changed); ack(); });
    socket.on('disconnect-sockets', (rooms, close, ack) => { io.in(rooms).disconnectSockets(close); ack(); });
    socket.on('server-emit', (event, ...rest) => { const ack = rest.pop(); io.serverSideEmit(event, ...rest); ack(); });
    socket.on('server-emit-ack', (event, ...rest) => { const ack = rest.pop(); outcome(io.serverSideEmitWithAck(event, ...rest), ack); });
    socket.on('emit-ack', (rooms, event, ms, ...rest) => {
      const ack = rest.pop();
      outcome(io.to(rooms).timeout(ms).emitWithAck(event, ...rest), ack);
    });
  });
  io.listen(Number(port));
  console.log('listening');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
