// Upgrading an open session to WebSocket in the background, as Engine.IO
// clients do. When the server offers it (the handshake's `upgrades`), the
// browser has it and opts.transports lists it, the engine opens a WebSocket
// with the session's sid and sends a probe ping. Once the pong comes back the
// current transport pauses: its response under way ends (the server ends it on
// the probe), its POSTs finish, and what the page sends meanwhile waits. Then
// the upgrade packet goes over the WebSocket, which carries the session from
// there on, and the page forgets a remembered fallback: WebSocket works here
// again. Anything going wrong before that closes the WebSocket and leaves the
// session where it was. opts.upgrade = false turns it off.
//
// With acknowledged delivery (delivery.js) the upgrade packet names the offset
// expected next: the server forgets what came before and the WebSocket
// carries on from exactly there.
//
// comet.lastUpgrade records the latest try, for tests and diagnostics:
// { transport, from, outcome ('pending', 'upgraded' or 'failed'), ms, error }.

var UPGRADE_TARGET = 'websocket';

Engine.prototype.upgradeIfOffered = function (upgrades) {
  var name = UPGRADE_TARGET;
  var current = this.transport;
  if (!this.opts.upgrade || current.name === name || typeof current.receiving !== 'function') return;
  if (!contains(upgrades, name) || !contains(this.opts.transports, name)) return;
  var Candidate = registeredTransport(name);
  if (canUseTransport(Candidate, this.opts)) this.probe(Candidate);
};

Engine.prototype.probe = function (Candidate) {
  var self = this;
  var current = this.transport;
  var probe = new Candidate(this.opts);
  var record = comet.lastUpgrade = { transport: probe.name, from: current.name, outcome: 'pending', ms: 0 };
  var upgrade = this.upgrading = { probe: probe, from: current, record: record, start: now(), timer: new Timer() };
  probe.sid = this.id;
  probe.onOpen = function () {
    probe.send([{ type: 'ping', data: 'probe' }]);
  };
  probe.onPackets = function (packets) {
    if (self.upgrading !== upgrade || current.pausing()) return;
    var answer = packets[0];
    if (answer.type !== 'pong' || answer.data !== 'probe') {
      self.abandonUpgrade('unexpected answer to the probe: ' + answer.type);
      return;
    }
    current.pause(function () {
      self.completeUpgrade(upgrade);
    });
  };
  probe.onError = function (err) {
    if (self.upgrading === upgrade) self.abandonUpgrade(err.message);
  };
  probe.onClose = function (reason) {
    if (self.upgrading === upgrade) self.abandonUpgrade(reason);
  };
  upgrade.timer.start(function () {
    self.abandonUpgrade(probe.name + ' probe timeout');
  }, this.openTimeout());
  probe.open();
};

Engine.prototype.endUpgrade = function (outcome, error) {
  var upgrade = this.upgrading;
  var buffered = this.upgradeBuffer;
  this.upgrading = null;
  this.upgradeBuffer = [];
  upgrade.timer.stop();
  upgrade.record.outcome = outcome;
  upgrade.record.ms = now() - upgrade.start;
  if (error) upgrade.record.error = error;
  return buffered;
};

Engine.prototype.completeUpgrade = function (upgrade) {
  if (this.upgrading !== upgrade || this.readyState !== 'open' || this.transport !== upgrade.from) return;
  var probe = upgrade.probe;
  var buffered = this.endUpgrade('upgraded');
  if (this.acking) {
    probe.acking = true;
    probe.expected = this.acked = upgrade.from.expected;
    probe.send([{ type: 'upgrade', data: String(probe.expected) }]);
  } else {
    probe.send([{ type: 'upgrade' }]);
  }
  this.bind(probe);
  upgrade.from.close();
  if (buffered.length) probe.send(buffered);
  this.preferred = probe.name;
  if (this.opts.rememberTransport) rememberTransport(this.key, null);
  this.emit('upgrade', probe.name);
};

// No-op when no upgrade is under way. Returns what waited for the upgrade
// when the transport it came from is gone too (delivery.js resends it).
Engine.prototype.abandonUpgrade = function (error) {
  var upgrade = this.upgrading;
  if (!upgrade) return [];
  var buffered = this.endUpgrade('failed', error);
  upgrade.probe.close();
  if (this.transport !== upgrade.from || upgrade.from.readyState !== 'open') return buffered;
  upgrade.from.resume();
  if (buffered.length) upgrade.from.send(buffered);
  return [];
};
