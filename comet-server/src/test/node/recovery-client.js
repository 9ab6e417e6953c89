// The stock socket.io-client behind a proxy that cuts its connections: it collects the server's "tick"
// broadcasts until the last one, reporting every tick it got (in arrival order) and, for every
// reconnect, whether the client says it recovered.
//
// usage: node recovery-client.js <url> <transport> <last tick>
const { io } = require("socket.io-client");

const [url, transport, lastArg] = process.argv.slice(2);
const last = Number(lastArg);
const LIMIT_MS = 60000;

const socket = io(url, {
  transports: [transport],
  upgrade: false,
  reconnectionDelay: 50,
  reconnectionDelayMax: 200,
  randomizationFactor: 0,
});

const result = { ticks: [], connects: 0, recovered: [], disconnects: [] };
let finished = false;

socket.on("connect", () => {
  if (result.connects++ > 0) result.recovered.push(socket.recovered);
  if (result.connects === 1) socket.emit("start");
});
socket.on("disconnect", (reason) => result.disconnects.push(reason));
// The last argument is the offset that connection state recovery appends.
socket.on("tick", (n, offset) => {
  result.ticks.push(n);
  if (typeof offset !== "string") result.badOffset = offset;
  if (n === last) finish(0);
});

function finish(code) {
  if (finished) return;
  finished = true;
  socket.disconnect();
  console.log(JSON.stringify(result));
  process.exit(code);
}

setTimeout(() => finish(1), LIMIT_MS);
