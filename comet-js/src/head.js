/*!
 * comet.js - browser client of Comet (Engine.IO v4 / Socket.IO v5 wire protocol).
 */
(function (global) {
'use strict';

