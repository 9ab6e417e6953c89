// A stock Node.js socket.io 4.8 server with socket.io's Redis adapter, beside Comet nodes in one cluster.
// Usage: node socketio-node.js <port> <key>. A client joins the room named by its query's "room"; its
// "to-room" (room, event, data) event broadcasts that event to the room, cluster-wide. Prints
// "listening" once it serves.
const { Server } = require('socket.io');
const { createClient } = require('redis');
const { createAdapter } = require('@socket.io/redis-adapter');

const [port, key] = process.argv.slice(2);

(async () => {
  const pub = createClient({ url: 'redis://127.0.0.1:6379' });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const io = new Server({ adapter: createAdapter(pub, sub, { key }) });
  io.on('connection', (socket) => {
    const room = socket.handshake.query.room;
    if (room) socket.join(room);
    socket.on('to-room', (to, event, data) => io.to(to).emit(event, data));
  });
  io.listen(Number(port));
  console.log('listening');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
