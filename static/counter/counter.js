// The outlet counter, progressive enhancement only: every counter form works without this file.
//
// With it: the counter's forms are sent in the background and the page is swapped in place (no
// reload between scans); the camera scans labels where the browser can read QR codes; the
// payment form shows the change as the cash is typed. And when the connection drops, the counter
// keeps selling for cash from the catalogue kept on this device: each sale waits in an outbox in
// localStorage and is sent (kirim/) when the connection returns. A sale leaves the outbox only
// once the server has answered with its receipt number; the server records a resent sale once.
(function () {
  "use strict";

  var RETRY_MS = 30000;
  var CATALOGUE_MAX_AGE_MS = 60000;

  function config() {
    var node = document.getElementById("counter-config");
    if (!node) return null;
    var token = node.querySelector("[name=csrfmiddlewaretoken]");
    return {
      outlet: node.getAttribute("data-outlet"),
      catalogueUrl: node.getAttribute("data-catalogue-url"),
      syncUrl: node.getAttribute("data-sync-url"),
      shift: node.getAttribute("data-shift"),
      csrf: token ? token.value : "",
    };
  }

  var settings = config();
  if (!settings) return;

  // ---- storage ---------------------------------------------------------------------------

  function storageKey(name) {
    return "counter:" + settings.outlet + ":" + name;
  }

  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(storageKey(name));
      return raw ? JSON.parse(raw) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(storageKey(name), JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  function outbox() {
    var sales = load("outbox", []);
    return Array.isArray(sales) ? sales : [];
  }

  // ---- small helpers ---------------------------------------------------------------------

  function rupiah(amount) {
    var sign = amount < 0 ? "-" : "";
    return sign + "Rp" + String(Math.abs(Math.round(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // The time as the pages write it (core/formats): 08.21 in Indonesian, 08:21 in English.
  function clock(value) {
    var moment = new Date(value);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var separator = document.documentElement.lang === "en" ? ":" : ".";
    return pad(moment.getHours()) + separator + pad(moment.getMinutes());
  }

  function amountOf(text) {
    var digits = String(text || "").replace(/^\s*rp\.?/i, "").replace(/[^0-9]/g, "");
    return digits ? parseInt(digits, 10) : null;
  }

  function fill(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name] !== undefined ? values[name] : match;
    });
  }

  function text(node, name) {
    return node ? node.getAttribute("data-text-" + name) || "" : "";
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // ---- the catalogue kept for offline selling ---------------------------------------------

  function catalogue() {
    var kept = load("catalogue", null);
    return kept && Array.isArray(kept.products) ? kept : null;
  }

  function refreshCatalogue(force) {
    var kept = catalogue();
    if (!force && kept && Date.now() - kept.saved_at < CATALOGUE_MAX_AGE_MS) {
      return Promise.resolve(kept);
    }
    return fetch(settings.catalogueUrl, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (!response.ok) throw new Error("catalogue " + response.status);
        return response.json();
      })
      .then(function (data) {
        data.saved_at = Date.now();
        save("catalogue", data);
        if (data.shift) save("shift", data.shift);
        connectionBack();
        return data;
      });
  }

  // ---- swapping pages in place ------------------------------------------------------------

  var busy = false;

  function swapIn(response) {
    return response.text().then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      document.title = page.title;
      document.body.innerHTML = page.body.innerHTML;
      if (response.url && response.url !== window.location.href) {
        window.history.pushState({}, "", response.url);
      }
      settings = config() || settings;
      enhance(true);
    });
  }

  function send(url, options, onOffline) {
    if (busy) return;
    if (navigator.onLine === false) {
      onOffline();
      return;
    }
    busy = true;
    options.credentials = "same-origin";
    options.headers = { "X-Requested-With": "fetch" };
    fetch(url, options)
      .then(swapIn)
      .catch(function () {
        onOffline();
      })
      .then(function () {
        busy = false;
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-counter-form")) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    event.preventDefault();
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) return;
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
    send(form.action, { method: "POST", body: data }, function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
      goOffline(form);
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-counter-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    send(link.href, { method: "GET" }, function () {
      goOffline(null);
    });
  });

  window.addEventListener("popstate", function () {
    window.location.reload();
  });

  // ---- the payment form: change as the cash is typed ---------------------------------------

  function enhanceCheckout() {
    var form = document.querySelector("[data-checkout-form]");
    if (!form) return;
    var totalNode = document.getElementById("checkout-total");
    var total = totalNode ? parseInt(totalNode.getAttribute("data-total"), 10) : 0;
    var tendered = form.elements.cash_tendered;
    var qris = form.elements.qris_amount;
    var transfer = form.elements.transfer_amount;
    var due = document.getElementById("cash-due");
    var change = document.getElementById("change");

    function update() {
      var cashDue = total - (amountOf(qris.value) || 0) - (amountOf(transfer.value) || 0);
      if (due) due.textContent = rupiah(Math.max(cashDue, 0));
      var given = amountOf(tendered.value);
      if (given === null || cashDue <= 0) {
        change.textContent = cashDue < 0 ? rupiah(cashDue) : "–";
        change.classList.toggle("is-short", cashDue < 0);
        return;
      }
      change.textContent = rupiah(given - cashDue);
      change.classList.toggle("is-short", given < cashDue);
    }

    [tendered, qris, transfer].forEach(function (input) {
      if (input) input.addEventListener("input", update);
    });
    var quick = form.querySelector("[data-cash-quick]");
    if (quick) quick.hidden = false;
    form.querySelectorAll("[data-cash-exact]").forEach(function (button) {
      button.addEventListener("click", function () {
        var cashDue = total - (amountOf(qris.value) || 0) - (amountOf(transfer.value) || 0);
        tendered.value = Math.max(cashDue, 0);
        update();
      });
    });
    form.querySelectorAll("[data-cash-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        tendered.value = (amountOf(tendered.value) || 0) + parseInt(button.getAttribute("data-cash-add"), 10);
        update();
      });
    });
    form.querySelectorAll("[data-pay-all]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var method = button.getAttribute("data-pay-all");
        qris.value = method === "qris" ? total : "";
        transfer.value = method === "transfer" ? total : "";
        tendered.value = "";
        update();
      });
    });
    update();
  }

  // ---- camera scanning, where the browser reads QR codes -----------------------------------

  var scanning = null;

  function stopScan() {
    if (scanning) {
      scanning.stream.getTracks().forEach(function (track) {
        track.stop();
      });
      window.clearInterval(scanning.timer);
      scanning = null;
    }
    var box = document.getElementById("scanner");
    if (box) box.hidden = true;
  }

  function startScan(input) {
    var box = document.getElementById("scanner");
    var video = document.getElementById("scanner-video");
    if (!box || !video) return;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        box.hidden = false;
        video.srcObject = stream;
        video.play();
        scanning = { stream: stream, timer: null };
        scanning.timer = window.setInterval(function () {
          if (video.readyState < 2) return;
          detector
            .detect(video)
            .then(function (codes) {
              if (!codes.length || !scanning) return;
              stopScan();
              input.value = codes[0].rawValue;
              if (input.form.requestSubmit) input.form.requestSubmit();
              else input.form.submit();
            })
            .catch(function () {});
        }, 250);
      })
      .catch(function () {
        stopScan();
      });
  }

  function enhanceScan() {
    var canScan =
      "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    if (!canScan) return;
    var check = window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats()
      : Promise.resolve(["qr_code"]);
    check
      .then(function (formats) {
        if (formats.indexOf("qr_code") === -1) return;
        document.querySelectorAll("[data-scan]").forEach(function (button) {
          button.hidden = false;
        });
      })
      .catch(function () {});
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest && target.closest("[data-scan]")) {
      var input = document.body.classList.contains("is-offline")
        ? document.getElementById("offline-q")
        : document.getElementById("counter-q");
      if (input) startScan(input);
    } else if (target.closest && target.closest("[data-scan-stop]")) {
      stopScan();
    }
  });

  // ---- offline selling ----------------------------------------------------------------------

  var panel = function () {
    return document.getElementById("offline-sale");
  };

  function draft() {
    var kept = load("draft", null);
    return kept && Array.isArray(kept.lines) ? kept : { lines: [] };
  }

  function product(id) {
    var kept = catalogue();
    if (!kept) return null;
    for (var i = 0; i < kept.products.length; i++) {
      if (kept.products[i].id === id) return kept.products[i];
    }
    return null;
  }

  // What is left to sell on this device: the kept figure less what waits in the outbox.
  function availableOf(item) {
    var waiting = 0;
    outbox().forEach(function (sale) {
      sale.lines.forEach(function (line) {
        if (line.product_id === item.id) waiting += line.quantity;
      });
    });
    return item.available - waiting;
  }

  function feedback(message) {
    var node = panel() && panel().querySelector("[data-offline-feedback]");
    if (node) node.textContent = message || "";
  }

  function addOffline(item, quantity) {
    var current = draft();
    var line = null;
    current.lines.forEach(function (candidate) {
      if (candidate.product_id === item.id) line = candidate;
    });
    var wanted = (line ? line.quantity : 0) + quantity;
    var left = availableOf(item);
    if (wanted > left) {
      feedback(fill(text(panel(), "short"), { product: item.name, n: Math.max(left, 0) }));
      return;
    }
    if (line) line.quantity = wanted;
    else current.lines.push({ product_id: item.id, quantity: wanted });
    current.key = null;
    save("draft", current);
    feedback(fill(text(panel(), "added"), { product: item.name }));
    renderOffline();
  }

  function slugOf(query) {
    var match = /\/produk\/([-a-z0-9_]+)\/?\s*$/i.exec(query);
    return match ? match[1].toLowerCase() : null;
  }

  function findOffline(query) {
    var kept = catalogue();
    var results = panel().querySelector("[data-offline-results]");
    results.textContent = "";
    if (!kept) {
      feedback(text(panel(), "no-catalogue"));
      return;
    }
    query = String(query || "").trim();
    if (!query) return;
    var code = query.toUpperCase().replace(/[\s-]/g, "");
    var slug = slugOf(query);
    var exact = kept.products.filter(function (item) {
      return slug ? item.slug === slug : item.code === code;
    });
    if (exact.length === 1) {
      addOffline(exact[0], 1);
      return;
    }
    var words = query.toLowerCase().split(/\s+/);
    var matches = kept.products.filter(function (item) {
      var haystack = (item.name + " " + item.vendor).toLowerCase();
      return words.every(function (word) {
        return haystack.indexOf(word) !== -1;
      });
    });
    if (!matches.length) {
      feedback(text(panel(), "none"));
      return;
    }
    feedback("");
    matches.slice(0, 20).forEach(function (item) {
      var row = element("li", "counter-result");
      var about = element("div", "counter-result-text");
      about.appendChild(element("p", "counter-line-name", item.name));
      about.appendChild(element("p", "maker", item.vendor + " · " + item.code));
      about.appendChild(
        element("p", "", rupiah(item.price) + " · " + fill(text(panel(), "available"), { n: availableOf(item) }))
      );
      var button = element("button", "add-button", text(panel(), "add"));
      button.type = "button";
      button.setAttribute("data-offline-add", item.id);
      row.appendChild(about);
      row.appendChild(button);
      results.appendChild(row);
    });
  }

  function offlineTotal() {
    var total = 0;
    draft().lines.forEach(function (line) {
      var item = product(line.product_id);
      if (item) total += item.price * line.quantity;
    });
    return total;
  }

  function renderOffline() {
    var node = panel();
    if (!node) return;
    var list = node.querySelector("[data-offline-lines]");
    list.textContent = "";
    draft().lines.forEach(function (line) {
      var item = product(line.product_id);
      if (!item) return;
      var row = element("li", "counter-line");
      row.appendChild(element("p", "counter-line-name", item.name));
      row.appendChild(element("p", "maker", item.vendor + " · " + item.code));
      row.appendChild(
        element("p", "", rupiah(item.price) + " × " + line.quantity + " = " + rupiah(item.price * line.quantity))
      );
      var remove = element("button", "button-secondary", text(node, "remove"));
      remove.type = "button";
      remove.setAttribute("data-offline-remove", item.id);
      row.appendChild(remove);
      list.appendChild(row);
    });
    node.querySelector("[data-offline-total]").textContent = rupiah(offlineTotal());
    updateOfflineChange();
    var kept = node.querySelector("[data-offline-outbox]");
    kept.textContent = "";
    outbox().forEach(function (sale) {
      var entry = element(
        "li",
        "",
        clock(sale.sold_at) + " · " + rupiah(sale.expected_total) + " · " + (sale.summary || "")
      );
      if (sale.error) entry.appendChild(element("span", "error", " " + sale.error));
      kept.appendChild(entry);
    });
  }

  function updateOfflineChange() {
    var node = panel();
    var given = amountOf(node.querySelector("#offline-cash").value);
    var output = node.querySelector("#offline-change");
    var total = offlineTotal();
    output.textContent = given === null ? "–" : rupiah(given - total);
    output.classList.toggle("is-short", given !== null && given < total);
  }

  function seedFrom(form) {
    var current = draft();
    if (current.lines.length) return;
    var seeded = [];
    var products = form ? form.querySelectorAll("[name=line_product]") : [];
    var quantities = form ? form.querySelectorAll("[name=line_quantity]") : [];
    if (products.length) {
      for (var i = 0; i < products.length; i++) {
        seeded.push({ product_id: parseInt(products[i].value, 10), quantity: parseInt(quantities[i].value, 10) });
      }
    } else {
      document.querySelectorAll("[data-line]").forEach(function (line) {
        seeded.push({
          product_id: parseInt(line.getAttribute("data-product-id"), 10),
          quantity: parseInt(line.getAttribute("data-quantity"), 10),
        });
      });
    }
    current.lines = seeded.filter(function (line) {
      return product(line.product_id) && line.quantity > 0;
    });
    // The payment may have reached the server before the connection dropped: the same key makes
    // the sale, when sent, the receipt already recorded instead of a second one.
    var key = form && form.elements && form.elements.idempotency_key;
    current.key = key && current.lines.length === products.length ? key.value : null;
    save("draft", current);
  }

  function goOffline(form) {
    var node = panel();
    if (!node) return;
    document.body.classList.add("is-offline");
    node.hidden = false;
    seedFrom(form);
    if (!catalogue()) feedback(text(node, "no-catalogue"));
    else if (!load("shift", null)) feedback(text(node, "no-shift"));
    if (form && form.elements) {
      if (form.elements.product && form.elements.quantity && form.hasAttribute("data-add-form")) {
        var item = product(parseInt(form.elements.product.value, 10));
        if (item) addOffline(item, 1);
      } else if (form.elements.q && form.id === "find-form") {
        findOffline(form.elements.q.value);
      }
      if (form.elements.cash_tendered) {
        node.querySelector("#offline-cash").value = form.elements.cash_tendered.value;
      }
    }
    renderOffline();
    updateBanner();
    var search = node.querySelector("#offline-q");
    if (search && !window.matchMedia("(pointer: coarse)").matches) search.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-offline-find")) {
      event.preventDefault();
      findOffline(form.elements.offline_q.value);
      form.elements.offline_q.value = "";
    } else if (form.hasAttribute("data-offline-pay")) {
      event.preventDefault();
      keepOfflineSale(form);
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    var add = target.closest("[data-offline-add]");
    var remove = target.closest("[data-offline-remove]");
    if (add) {
      var item = product(parseInt(add.getAttribute("data-offline-add"), 10));
      if (item) addOffline(item, 1);
    } else if (remove) {
      var id = parseInt(remove.getAttribute("data-offline-remove"), 10);
      var current = draft();
      current.lines = current.lines.filter(function (line) {
        return line.product_id !== id;
      });
      current.key = null;
      save("draft", current);
      renderOffline();
    } else if (target.closest("[data-offline-clear]")) {
      save("draft", { lines: [] });
      renderOffline();
    } else if (target.closest("[data-offline-start]")) {
      goOffline(null);
    } else if (target.closest("[data-sync-now]")) {
      syncOutbox();
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.id === "offline-cash") updateOfflineChange();
  });

  function keepOfflineSale(form) {
    var current = draft();
    var total = offlineTotal();
    if (!current.lines.length || !total) return;
    var given = amountOf(form.elements.offline_cash_tendered.value);
    if (given === null || given < total) {
      feedback(text(panel(), "cash-short"));
      return;
    }
    var names = current.lines.map(function (line) {
      var item = product(line.product_id);
      return line.quantity + " × " + (item ? item.name : line.product_id);
    });
    var shift = load("shift", null);
    var sales = outbox();
    sales.push({
      idempotency_key: current.key || newKey(),
      lines: current.lines,
      cash_tendered: given,
      expected_total: total,
      sold_at: new Date().toISOString(),
      shift_id: shift ? parseInt(shift, 10) || null : null,
      summary: names.join(", "),
    });
    if (!save("outbox", sales)) return;
    save("draft", { lines: [] });
    form.elements.offline_cash_tendered.value = "";
    panel().querySelector("[data-offline-results]").textContent = "";
    feedback(text(panel(), "kept") + " " + text(panel(), "change") + " " + rupiah(given - total));
    renderOffline();
    updateBanner();
    syncOutbox();
  }

  // ---- the outbox, sent when the connection returns ---------------------------------------

  var syncing = false;

  function updateBanner(state) {
    var banner = document.getElementById("offline-banner");
    if (!banner) return;
    var waiting = outbox();
    var offline = document.body.classList.contains("is-offline");
    var count = document.getElementById("outbox-count");
    if (count) count.textContent = String(waiting.length);
    var message = banner.querySelector("[data-offline-message]");
    var errors = banner.querySelector("[data-outbox-errors]");
    errors.textContent = "";
    waiting.forEach(function (sale) {
      if (sale.error) errors.appendChild(element("li", "", sale.summary + ": " + sale.error));
    });
    if (state === "login") message.textContent = text(banner, "login");
    else if (state === "sending") message.textContent = text(banner, "sending");
    else if (offline) message.textContent = text(banner, "offline");
    else if (waiting.length) message.textContent = fill(text(banner, "waiting"), { n: waiting.length });
    else if (state === "sent") message.textContent = text(banner, "sent");
    else message.textContent = "";
    banner.classList.toggle("is-offline", offline || navigator.onLine === false);
    var start = banner.querySelector("[data-offline-start]");
    if (start) start.hidden = offline || navigator.onLine !== false;
    banner.hidden = !(offline || waiting.length || state === "sent" || navigator.onLine === false);
  }

  function forget(key, answer) {
    var sales = outbox().filter(function (sale) {
      return sale.idempotency_key !== key;
    });
    save("outbox", sales);
    var sent = load("sent", []);
    sent.unshift({ number: answer.number, url: answer.url, attention: answer.needs_attention });
    save("sent", sent.slice(0, 20));
  }

  function markError(key, message) {
    var sales = outbox();
    sales.forEach(function (sale) {
      if (sale.idempotency_key === key) sale.error = message;
    });
    save("outbox", sales);
  }

  function sendOne(sale) {
    var body = {
      idempotency_key: sale.idempotency_key,
      lines: sale.lines,
      cash_tendered: sale.cash_tendered,
      expected_total: sale.expected_total,
      sold_at: sale.sold_at,
      shift_id: sale.shift_id,
    };
    return fetch(settings.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": (config() || settings).csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) {
        throw { login: true };
      }
      return response.json().then(
        function (answer) {
          if (response.ok && answer.number) {
            forget(sale.idempotency_key, answer);
          } else {
            markError(sale.idempotency_key, answer.error || String(response.status));
          }
        },
        function () {
          markError(sale.idempotency_key, String(response.status));
        }
      );
    });
  }

  function syncOutbox() {
    var waiting = outbox();
    if (syncing || !waiting.length) {
      updateBanner();
      return;
    }
    syncing = true;
    updateBanner("sending");
    var queue = waiting.slice();
    function next() {
      var sale = queue.shift();
      if (!sale) return Promise.resolve();
      return sendOne(sale).then(next);
    }
    next()
      .then(function () {
        connectionBack();
        updateBanner(outbox().length ? undefined : "sent");
      })
      .catch(function (problem) {
        updateBanner(problem && problem.login ? "login" : undefined);
      })
      .then(function () {
        syncing = false;
        renderOffline();
      });
  }

  function connectionBack() {
    if (!document.body.classList.contains("is-offline")) return;
    var back = document.querySelector("[data-online-return]");
    if (back) back.hidden = false;
  }

  // ---- start ----------------------------------------------------------------------------

  function enhance(swapped) {
    enhanceCheckout();
    enhanceScan();
    var holder = document.getElementById("counter-config");
    var shift = holder ? holder.getAttribute("data-shift") : null;
    if (shift) save("shift", shift);
    else if (document.querySelector("[data-counter-screen=sell]")) save("shift", null);
    updateBanner();
    var search = document.getElementById("counter-q");
    if (swapped && search && !window.matchMedia("(pointer: coarse)").matches) search.focus();
  }

  enhance(false);
  if (navigator.onLine !== false) {
    refreshCatalogue(Boolean(document.querySelector("[data-counter-screen=sell]"))).catch(function () {});
    syncOutbox();
  }
  window.addEventListener("online", function () {
    connectionBack();
    syncOutbox();
    refreshCatalogue(true).catch(function () {});
  });
  window.addEventListener("offline", function () {
    updateBanner();
  });
  window.setInterval(syncOutbox, RETRY_MS);
})();
