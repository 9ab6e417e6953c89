"use strict";
// Drives the stock npm socket.io-client through one scenario against a Comet server running the test
// application of io.comet.test.InteropApp, then prints what it saw as one JSON object on stdout.
//
// usage: node interop-client.js <url> <transports>   e.g. node interop-client.js http://localhost:8080 polling,websocket
// exit code 0 with the result; 1 with {"error": "...", "partial": {...}} when a step failed or timed out.

const { io } = require("socket.io-client");

const [url, transportsArg] = process.argv.slice(2);
if (!url || !transportsArg) {
  console.error("usage: node interop-client.js <url> <transports>");
  process.exit(2);
}
const transports = transportsArg.split(",");
const expectUpgrade = transports.length > 1;
const STEP_TIMEOUT_MS = 5000;
const result = { transports };

const socket = io(url, { transports, upgrade: expectUpgrade, forceNew: true, reconnection: false, timeout: STEP_TIMEOUT_MS });

// The server asks a question with an acknowledgement: the answer travels back in the ack.
socket.on("question", (text, n, callback) => callback(String(text).toUpperCase(), n + 1));

const upgraded = expectUpgrade
  ? new Promise((resolve) => socket.io.engine.once("upgrade", (transport) => resolve(transport.name)))
  : Promise.resolve(null);

/** Binary data cannot go through JSON.stringify: it becomes {"binary": "<base64>"}. */
function plain(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
    return { binary: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out waiting for " + what)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Emits with an acknowledgement; resolves with every argument of the answer (emitWithAck keeps only the first). */
function emitWithAckArgs(event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(STEP_TIMEOUT_MS).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer)));
  });
}

// A server with connection state recovery appends each event's offset as its last argument (socket.io's
// wire form), except to events that ask for an ack; the stock client hands it to the application.
function withoutOffset(args) {
  if (!socket._pid || typeof args[args.length - 1] !== "string") {
    throw new Error("expected a recovery offset after " + JSON.stringify(args));
  }
  return args.slice(0, -1);
}

function nextEvent(name) {
  return within(new Promise((resolve) => socket.once(name, (...args) => resolve(args))), "event " + name);
}

async function scenario() {
  await within(new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", (err) => reject(new Error("connect_error: " + err.message)));
  }), "connect");
  result.connected = true;
  result.id = socket.id;

  result.upgradedTo = await within(upgraded, "upgrade");
  result.transport = socket.io.engine.transport.name;

  const echoed = nextEvent("echo");
  socket.emit("echo", "text", 42, { a: { b: [1, 2] } }, Buffer.from([0, 1, 254, 255]));
  result.echo = plain(withoutOffset(await echoed));

  result.ack = plain(await emitWithAckArgs("echo-ack", "ping", 7, Buffer.from([9])));

  const answered = nextEvent("answer");
  socket.emit("ask", "hello", 1);
  result.answer = plain(withoutOffset(await answered));

  result.serverTransport = await socket.timeout(STEP_TIMEOUT_MS).emitWithAck("transport");
}

scenario().then(
  () => {
    socket.disconnect();
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (err) => {
    socket.disconnect();
    console.log(JSON.stringify({ error: err.message, partial: result }));
    process.exit(1);
  }
);
