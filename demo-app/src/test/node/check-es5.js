// Parses each file named on the command line as an ECMAScript 5 script, with
// acorn: exits 0 when all parse, else prints `<file>: <why> (<line>:<column>)`
// for the first error of each file that does not and exits 1.
'use strict';

var fs = require('fs');
var acorn = require('acorn');

var files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node check-es5.js FILE...');
  process.exit(2);
}

var failed = false;
files.forEach(function (file) {
  var source = fs.readFileSync(file, 'utf8');
  try {
    acorn.parse(source, { ecmaVersion: 5, sourceType: 'script' });
    console.log(file + ': ES5');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    failed = true;
    console.log(file + ': ' + e.message);
  }
});
process.exit(failed ? 1 : 0);
