// Publishes one event with the stock @socket.io/redis-emitter, as a backend would.
// Usage: node emit.js <key> <room> <event> <json-data>. Prints {"published":true}.
const { createClient } = require('redis');
const { Emitter } = require('@socket.io/redis-emitter');

const [key, room, event, json] = process.argv.slice(2);

(async () => {
  const client = createClient({ url: 'redis://127.0.0.1:6379' });
  await client.connect();
  new Emitter(client, { key }).to(room).emit(event, JSON.parse(json));
  // The publish is queued on the client; quit() sends it before closing.
  await client.quit();
  console.log(JSON.stringify({ published: true }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
