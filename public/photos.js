// Bandeng: photos of a case, made small on the phone and sent in 64 KB chunks that survive a weak
// link. Loaded on demand by the app (app/src/cases/photo_pages.rs); no library, no build step.
// A chunk that fails is sent again after a pause (longer each time, and not before the phone is
// back online); the server keeps each chunk once, so a resend is harmless. Before sending, the
// phone asks what already arrived and skips it.
(function () {
  'use strict';
  var CHUNK = 64 * 1024;
  var MAX_EDGE = 1280;
  var QUALITY = 0.72;

  function pause(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function online() {
    if (navigator.onLine) return Promise.resolve();
    return new Promise(function (resolve) {
      window.addEventListener('online', function once() {
        window.removeEventListener('online', once);
        resolve();
      });
    });
  }

  // Longest edge 1280 px, JPEG: a 4 MB camera photo becomes about 200 KB.
  function downscale(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve, reject) {
        canvas.toBlob(function (blob) { blob ? resolve(blob) : reject(new Error('encode')); }, 'image/jpeg', QUALITY);
      });
    });
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // The same photo gets the same id (a resend after a reload resumes it); plain-http sites have no
  // crypto.subtle, and get a random id instead.
  function uploadId(blob) {
    if (window.crypto && crypto.subtle) {
      return blob.arrayBuffer()
        .then(function (buffer) { return crypto.subtle.digest('SHA-256', buffer); })
        .then(function (digest) { return hex(new Uint8Array(digest).slice(0, 16)); });
    }
    return Promise.resolve(hex(crypto.getRandomValues(new Uint8Array(16))));
  }

  // A request that is tried until the server answers; 4xx answers (other than 408/429) are final.
  function send(url, init) {
    var wait = 1000;
    function attempt() {
      return online()
        .then(function () { return fetch(url, init); })
        .then(function (response) {
          if (response.ok) return response.json();
          if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
            // The server says why in a sentence, inside a small page: take the sentence.
            return response.text().catch(function () { return ''; }).then(function (text) {
              var error = new Error('refused');
              var alert = new DOMParser().parseFromString(text, 'text/html').querySelector('[role=alert]');
              error.text = alert ? alert.textContent : text;
              error.status = response.status;
              throw error;
            });
          }
          throw new Error('retry');
        })
        .catch(function (error) {
          if (error.message === 'refused') throw error;
          var delay = wait;
          wait = Math.min(wait * 2, 30000);
          return pause(delay).then(attempt);
        });
    }
    return attempt();
  }

  // opts: { base, proof, onProgress(percent) }: base is where the photo goes, e.g. /c/{code}/photos.
  // Resolves when the server has the whole photo.
  function upload(file, opts) {
    var headers = { 'X-Submission': opts.proof || '' };
    return downscale(file).then(function (blob) {
      return uploadId(blob).then(function (id) {
        var total = Math.ceil(blob.size / CHUNK);
        var base = opts.base + '/' + id;
        return send(base, { headers: headers, credentials: 'same-origin' }).then(function (status) {
          var have = {};
          (status.received || []).forEach(function (i) { have[i] = true; });
          var done = status.done ? total : Object.keys(have).length;
          var chain = Promise.resolve(status);
          for (var i = 0; i < total; i++) {
            (function (index) {
              chain = chain.then(function (last) {
                if (last.done || have[index]) return last;
                var body = blob.slice(index * CHUNK, Math.min(blob.size, (index + 1) * CHUNK), 'image/jpeg');
                return send(base + '/' + index + '?chunks=' + total, {
                  method: 'PUT', headers: headers, credentials: 'same-origin', body: body,
                }).then(function (next) {
                  done += 1;
                  if (opts.onProgress) opts.onProgress(Math.min(100, Math.round((done * 100) / total)));
                  return next;
                });
              });
            })(i);
          }
          return chain.then(function (last) {
            // Every chunk is there but the server has no photo: never say "sent" then.
            if (!last.done) {
              var error = new Error('refused');
              error.text = '';
              throw error;
            }
            if (opts.onProgress) opts.onProgress(100);
            return { id: id, bytes: blob.size, done: true };
          });
        });
      });
    });
  }

  window.bandengPhotos = { upload: upload };
})();
