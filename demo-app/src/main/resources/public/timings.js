// The first script of the page: the tests measure page load to first connect from here. A file of its
// own rather than inline, so the page's Content-Security-Policy allows scripts from this origin only.
window.cometTimings = {
  loadStart: (window.performance && performance.now) ? performance.now() : null,
  connectedAt: null
};
