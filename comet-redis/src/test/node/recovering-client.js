// The stock socket.io-client on a Comet node that may die: joins the room "ticks", counts the "tick"
// events, and when its connection goes, reconnects to the other URL (where the load balancer would send
// it) and recovers. Usage: node recovering-client.js <url> <url after a cut> <transports> <last tick>.
// Prints "connected" once, then one JSON line when the last tick came (or after 60 s).
const { io } = require('socket.io-client');

const [url, fallback, transports, last] = process.argv.slice(2);
const socket = io(url, { transports: transports.split(','), query: { room: 'ticks' },
  reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0, timeout: 10000 });
const result = { ticks: [], recovered: [], cutAt: null, backAt: null, error: null };
let first = true;
const done = () => { socket.close(); console.log(JSON.stringify(result)); process.exit(0); };

socket.on('tick', (i) => {
  result.ticks.push(i);
  if (i === Number(last)) done();
});
socket.on('connect', () => {
  if (first) {
    first = false;
    console.log('connected');
  } else {
    result.backAt = Date.now();
    result.recovered.push(socket.recovered);
  }
});
socket.on('disconnect', () => {
  if (result.cutAt === null) result.cutAt = Date.now();
  socket.io.uri = fallback;
});
socket.on('connect_error', (err) => { socket.io.uri = fallback; });
setTimeout(() => { result.error = 'timed out'; done(); }, 60000);
