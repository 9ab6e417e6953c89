// Choosing a transport: the default order, what a page remembers of the last
// choice, and how long one transport may take to open (see README.md).

var DEFAULT_TRANSPORTS = ['websocket', 'xhr-streaming', 'eventsource', 'htmlfile', 'polling', 'jsonp-polling'];

// open timeout = min(TIMEOUT_MAX, scale * clamp(RTT_FACTOR * rtt + RTT_MARGIN, TIMEOUT_MIN, TIMEOUT_MAX))
// where scale doubles (up to TIMEOUT_SCALE_MAX) after each walk of the chain
// that timed out and found nothing, and is 1 again once one opens.
var RTT_FACTOR = 5;
var RTT_MARGIN = 500;
var TIMEOUT_MIN = 1000;
var TIMEOUT_MAX = 10000;
var TIMEOUT_SCALE_MAX = 4;
// Assumed when the page has no Navigation Timing and nothing opened yet (3 s).
var RTT_UNKNOWN = 500;
// Weight of a new handshake's time in the smoothed estimate.
var RTT_SAMPLE_WEIGHT = 0.25;

function openTimeout(rtt, scale) {
  var base = Math.max(TIMEOUT_MIN, Math.min(TIMEOUT_MAX, RTT_FACTOR * (rtt === null ? RTT_UNKNOWN : rtt) + RTT_MARGIN));
  return Math.round(Math.min(TIMEOUT_MAX, base * scale));
}

function smoothRtt(rtt, sample) {
  return rtt === null ? sample : Math.round((1 - RTT_SAMPLE_WEIGHT) * rtt + RTT_SAMPLE_WEIGHT * sample);
}

// The page's own round trip: from sending its request to the first byte of
// the answer (Navigation Timing); null where unknown.
function pageRtt() {
  try {
    var perf = global.performance;
    var entry = perf.getEntriesByType ? perf.getEntriesByType('navigation')[0] : null;
    var timing = entry || perf.timing;
    var ms = timing.responseStart - timing.requestStart;
    return ms > 0 && ms < 60000 ? Math.round(ms) : null;
  } catch (e) {
    return null;
  }
}

// localStorage: `comet.transport <server>` = `<name> <time>`. Every access is
// guarded: private modes and old browsers throw, or have no storage at all.
var MEMORY_PREFIX = 'comet.transport ';
var MEMORY_TTL = 24 * 60 * 60 * 1000;

function recallTransport(key) {
  try {
    var m = /^([\w\-]+) (\d+)$/.exec(global.localStorage.getItem(MEMORY_PREFIX + key) || '');
    var age = m ? now() - Number(m[2]) : -1;
    return age >= 0 && age < MEMORY_TTL ? m[1] : null;
  } catch (e) {
    return null;
  }
}

// name null forgets.
function rememberTransport(key, name) {
  try {
    if (name) global.localStorage.setItem(MEMORY_PREFIX + key, name + ' ' + now());
    else global.localStorage.removeItem(MEMORY_PREFIX + key);
  } catch (e) {
    // Nothing remembered: the next page walks the chain in its own order.
  }
}
