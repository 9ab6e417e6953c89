// DOM helpers for the transports that use frames and scripts (htmlfile,
// jsonp-polling).

function hasDocument(g) {
  return !!(g.document && g.document.createElement);
}

// Where hidden elements go; before the body exists, the root element.
function documentRoot(doc) {
  return doc.body || doc.documentElement;
}

// Off-screen rather than display:none, with which some browsers load no frame.
// `name` (an identifier of ours) is for frames that forms target: IE before 8
// only takes it in the markup passed to createElement.
function hiddenElement(doc, tag, name) {
  var el = null;
  if (name) {
    try {
      el = doc.createElement('<' + tag + ' name="' + name + '">');
    } catch (e) {
      // Standard browsers refuse markup here.
    }
  }
  if (!el || el.nodeName.toLowerCase() !== tag) {
    el = doc.createElement(tag);
    if (name) el.name = name;
  }
  var style = el.style;
  style.position = 'absolute';
  style.top = style.left = '-1000px';
  style.width = style.height = '1px';
  style.border = '0';
  if (tag === 'iframe') {
    el.tabIndex = -1;
    el.setAttribute('aria-hidden', 'true');
  }
  return el;
}

function documentLoaded() {
  var doc = global.document;
  return !doc || !doc.readyState || doc.readyState === 'complete';
}

// Once the page's load event is over.
function afterLoad(fn) {
  listen(global, 'load', function () {
    setTimeout(fn, 0);
  });
}

function listen(el, type, fn) {
  if (el.addEventListener) el.addEventListener(type, fn, false);
  else if (el.attachEvent) el.attachEvent('on' + type, fn);
}

function removeElement(el) {
  if (el && el.parentNode) el.parentNode.removeChild(el);
}

function deleteGlobal(name) {
  try {
    delete global[name];
  } catch (e) {
    // IE before 9 cannot delete window properties.
    global[name] = undefined;
  }
}
