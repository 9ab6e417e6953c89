// The stock socket.io-client against a cluster behind a round-robin balancer: connects over the given
// transports (polling, or polling then the upgrade to websocket), asks 20 acks, then 100 pushed events.
// Usage: node round-robin-client.js <url> <transports comma-separated>. Prints one JSON line.
const { io } = require('socket.io-client');

const [url, transports] = process.argv.slice(2);
const socket = io(url, { transports: transports.split(','), reconnection: false, timeout: 10000 });
const result = { acks: [], pushed: [], transport: null, error: null };
const fail = (err) => { result.error = String(err && err.message || err); done(); };
const done = () => { socket.close(); console.log(JSON.stringify(result)); process.exit(0); };

// Listened for from the engine's open: the upgrade may finish before the namespace's connect.
const upgraded = new Promise((resolve) => {
  socket.io.on('open', () => {
    if (socket.io.engine.transport.name === 'websocket') resolve();
    socket.io.engine.once('upgrade', resolve);
  });
});
socket.on('connect_error', fail);
socket.on('n', (i) => result.pushed.push(i));
socket.on('connect', async () => {
  try {
    if (transports.includes('websocket') && transports.includes('polling')) {
      await upgraded;
    }
    for (let i = 0; i < 20; i++) {
      result.acks.push(await socket.timeout(5000).emitWithAck('echo-ack', i).then((args) => args));
    }
    await socket.timeout(10000).emitWithAck('count', 100);
    result.transport = socket.io.engine.transport.name;
    done();
  } catch (err) {
    fail(err);
  }
});
setTimeout(() => fail('timed out'), 30000);
