// incident-mapper's interactive map: reads the JSON in #im-data (written by
// src/output/map/html.rs) and draws it with Leaflet 1.9.4. Every value from
// the data reaches the page through textContent, never as HTML.
(function () {
  'use strict';
  var status = document.getElementById('im-status');
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message || e));
    report();
  });
  var state = { markers: 0, shown: 0, merged: 0, districts: 0, ready: 0, loadMs: null };

  function report() {
    if (!status) return;
    status.setAttribute('data-ready', String(state.ready));
    status.setAttribute('data-incidents', String(state.incidents || 0));
    status.setAttribute('data-markers', String(state.markers));
    status.setAttribute('data-shown', String(state.shown));
    status.setAttribute('data-merged', String(state.merged));
    status.setAttribute('data-districts', String(state.districts));
    status.setAttribute('data-errors', String(errors.length));
    if (state.loadMs !== null) status.setAttribute('data-load-ms', String(Math.round(state.loadMs)));
    if (state.applyMs !== undefined) status.setAttribute('data-apply-ms', String(Math.round(state.applyMs)));
    status.textContent = errors.join('\n');
  }

  // Small DOM helpers: text only.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fmt(n) {
    return Number(n).toLocaleString('en-US');
  }

  // Days since 1970 for an ISO date, and back.
  function dayOf(iso) {
    var t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
    return Math.round(t / 86400000);
  }
  function isoOf(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  function main() {
    var data = JSON.parse(document.getElementById('im-data').textContent);
    var inc = data.incidents;
    var n = inc.n;
    state.incidents = n;
    var types = data.event_types;
    var size = data.size;
    var choro = data.choropleth;

    function radiusOf(f) {
      if (size.by !== 'fatalities') return size.count_radius || size.min_radius;
      var v = f > 0 ? f : 0;
      return Math.max(size.min_radius, size.ref_radius * Math.sqrt(v / size.ref_value));
    }
    // What the choropleth shows for district k: its count, or with
    // populations incidents per 100,000 people (null: no population figure).
    var pops = choro.populations || null;
    function fmtRate(n) {
      var d = choro.decimals || 1;
      return Number(n).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    }
    function valueOf(k) {
      if (!pops) return counts[k];
      return pops[k] > 0 ? (counts[k] * 1e5) / pops[k] : null;
    }
    function classColor(v) {
      if (v === null) return choro.no_data_color;
      if (!(v > 0)) return choro.zero_color;
      for (var i = 0; i < choro.breaks.length; i++) if (v <= choro.breaks[i]) return choro.colors[i];
      return choro.colors.length ? choro.colors[choro.colors.length - 1] : choro.zero_color;
    }

    var map = L.map('map', { preferCanvas: false, zoomSnap: 0.25 });
    var canvas = L.canvas({ padding: 0.3 });
    map.createPane('land').style.zIndex = 300;
    map.createPane('choropleth').style.zIndex = 350;
    map.createPane('districtLines').style.zIndex = 380;
    map.createPane('provinceLines').style.zIndex = 390;
    map.createPane('labels').style.zIndex = 620; // under tooltips (650) and popups (700)

    // Base layers: none (works offline) or OpenStreetMap tiles.
    var none = L.layerGroup();
    var osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: data.attribution.tiles
    });
    none.addTo(map);
    // Land (Natural Earth), beneath everything: the map reads with no tiles.
    var land = L.geoJSON(data.land, {
      pane: 'land',
      interactive: false,
      attribution: data.attribution.land,
      style: function (f) {
        var home = f.properties.name === 'Pakistan';
        return { className: 'im-land', stroke: true, color: '#c9c2b6', weight: 0.8, fillColor: home ? '#f7f4ee' : '#ebe7df', fillOpacity: 1 };
      }
    }).addTo(map);

    // Districts: outlines, and the choropleth fill beneath.
    var districtCount = data.districts.features.length;
    var counts = new Float64Array(districtCount);
    var fatal = new Float64Array(districtCount);
    var choroLayer = L.geoJSON(data.districts, {
      pane: 'choropleth',
      attribution: data.attribution.boundaries,
      interactive: false,
      style: function () {
        return { className: 'im-choropleth', stroke: false, fillColor: choro.zero_color, fillOpacity: 0.75 };
      }
    });
    // District tooltips: the markers' canvas lies over the fills and takes the
    // pointer, so the district under it is found here (bounding box, then ray
    // casting over its rings) on every move of the pointer.
    var districtBoxes = data.districts.features.map(function (f) {
      var polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      var b = [Infinity, Infinity, -Infinity, -Infinity];
      polys.forEach(function (p) {
        p[0].forEach(function (c) {
          b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
          b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
        });
      });
      return { polys: polys, box: b };
    });
    function districtAt(lat, lon) {
      for (var k = 0; k < districtBoxes.length; k++) {
        var d = districtBoxes[k];
        if (lon < d.box[0] || lon > d.box[2] || lat < d.box[1] || lat > d.box[3]) continue;
        var inside = false;
        d.polys.forEach(function (p) {
          p.forEach(function (ring) {
            for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
              var a = ring[i], c = ring[j];
              if ((a[1] > lat) !== (c[1] > lat) && lon < (c[0] - a[0]) * (lat - a[1]) / (c[1] - a[1]) + a[0]) inside = !inside;
            }
          });
        });
        if (inside) return k;
      }
      return -1;
    }
    var tip = L.tooltip({ direction: 'top', offset: [0, -8], className: 'im-district-tip' });
    var tipDistrict = -1;
    function showDistrict(latlng) {
      var k = map.hasLayer(choroLayer) || map.hasLayer(districtLayer) ? districtAt(latlng.lat, latlng.lng) : -1;
      if (k < 0) {
        if (tipDistrict >= 0) map.closeTooltip(tip);
        tipDistrict = -1;
        return;
      }
      var f = data.districts.features[k];
      var box = el('div', 'im-tip');
      box.appendChild(el('b', null, f.properties.name));
      if (f.properties.province) box.appendChild(el('div', 'im-muted', f.properties.province));
      box.appendChild(el('div', null, fmt(counts[k]) + ' incidents, ' + fmt(fatal[k]) + ' fatalities'));
      if (pops) {
        var v = valueOf(k);
        box.appendChild(el('div', null, v === null ? 'no population figure' : fmtRate(v) + ' per 100,000 people'));
      }
      tip.setLatLng(latlng).setContent(box);
      if (tipDistrict < 0) map.openTooltip(tip);
      tipDistrict = k;
    }
    map.on('mousemove', function (e) {
      showDistrict(e.latlng);
    });
    map.on('mouseout', function () {
      showDistrict({ lat: NaN, lng: NaN });
    });
    var districtLayer = L.geoJSON(data.districts, {
      pane: 'districtLines',
      interactive: false,
      attribution: data.attribution.boundaries,
      style: function () {
        return { className: 'im-district', color: '#8c8379', weight: 1, fill: false };
      }
    });
    var provinceLayer = L.geoJSON(data.provinces, {
      pane: 'provinceLines',
      interactive: false,
      attribution: data.attribution.provinces,
      style: function () {
        return { className: 'im-province', color: '#28241f', weight: 2, fill: false };
      }
    });
    choroLayer.addTo(map);
    districtLayer.addTo(map);
    provinceLayer.addTo(map);
    state.districts = districtCount;

    // Incidents grouped once by (point, event type): one marker per group.
    var day = new Int32Array(n);
    var dated = new Uint8Array(n);
    var minDay = Infinity, maxDay = -Infinity;
    for (var i = 0; i < n; i++) {
      var d = inc.date[i];
      if (d) {
        dated[i] = 1;
        day[i] = dayOf(d);
        if (day[i] < minDay) minDay = day[i];
        if (day[i] > maxDay) maxDay = day[i];
      }
    }
    var groupOf = new Map();
    var groups = []; // {lat, lon, type, members: [i...]}
    var groupIndex = new Int32Array(n);
    for (i = 0; i < n; i++) {
      var key = inc.lat[i] + ',' + inc.lon[i] + ',' + inc.type[i];
      var g = groupOf.get(key);
      if (g === undefined) {
        g = groups.length;
        groupOf.set(key, g);
        groups.push({ lat: inc.lat[i], lon: inc.lon[i], type: inc.type[i], members: [] });
      }
      groups[g].members.push(i);
      groupIndex[i] = g;
    }

    // One layer group per event type (the layer control's overlays).
    var typeLayers = types.map(function () {
      return L.layerGroup();
    });
    var markers = new Array(groups.length);
    var labels = new Array(groups.length);
    var inRange = new Uint8Array(n);
    var groupShown = new Int32Array(groups.length);
    var labelLayer = L.layerGroup();

    function popupFor(g) {
      return function () {
        var box = el('div', 'im-popup');
        var members = groups[g].members.filter(function (k) {
          return inRange[k];
        });
        if (members.length > 1) box.appendChild(el('div', 'im-popup-head', fmt(members.length) + ' incidents at this point'));
        members.slice(0, 25).forEach(function (k) {
          var item = el('div', 'im-item');
          var when = inc.date[k] || 'undated';
          item.appendChild(el('div', 'im-item-title', when + ' · ' + (types[inc.type[k]] ? types[inc.type[k]].name : '')));
          var dl = el('dl');
          function row(label, value) {
            if (value === null || value === undefined || value === '') return;
            dl.appendChild(el('dt', null, label));
            dl.appendChild(el('dd', null, value));
          }
          row('Place as reported', inc.location[k]);
          row('Resolved to', inc.resolved[k]);
          row('Precision', inc.precision[k] === null ? null : precisionText(inc.precision[k]));
          row('Fatalities', inc.fatalities[k]);
          row('Source id', inc.id[k]);
          item.appendChild(dl);
          box.appendChild(item);
        });
        if (members.length > 25) box.appendChild(el('div', 'im-muted', '… and ' + fmt(members.length - 25) + ' more'));
        return box;
      };
    }
    function precisionText(p) {
      return p === 1 ? '1 (the place)' : p === 2 ? '2 (near it, or its district)' : p === 3 ? '3 (the province)' : String(p);
    }

    for (var g2 = 0; g2 < groups.length; g2++) {
      var gr = groups[g2];
      var colour = types[gr.type] ? types[gr.type].color : '#282828';
      var m = L.circleMarker([gr.lat, gr.lon], {
        renderer: canvas,
        radius: size.min_radius,
        color: '#ffffff',
        weight: 0.8,
        fillColor: colour,
        fillOpacity: 0.72
      });
      m.bindPopup(popupFor(g2), { maxWidth: 320, maxHeight: 360 });
      markers[g2] = m;
      if (gr.members.length > 1) {
        var lab = L.marker([gr.lat, gr.lon], {
          pane: 'labels',
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: 'im-count', html: '', iconSize: null })
        });
        labels[g2] = lab;
      }
    }

    var fullRange = true;
    function apply(from, to) {
      var started = performance.now();
      fullRange = !isFinite(minDay) || (from <= minDay && to >= maxDay);
      counts.fill(0);
      fatal.fill(0);
      groupShown.fill(0);
      var fat = new Float64Array(groups.length);
      for (var k = 0; k < n; k++) {
        var ok = dated[k] ? day[k] >= from && day[k] <= to : fullRange;
        inRange[k] = ok ? 1 : 0;
        if (!ok) continue;
        var gg = groupIndex[k];
        groupShown[gg]++;
        var f = inc.fatalities[k];
        // A merged marker is as large as its deadliest incident, as the PNG's
        // stacked symbols look; its number says how many there are.
        if (f > fat[gg]) fat[gg] = f;
        var dk = inc.district[k];
        if (dk >= 0) {
          counts[dk]++;
          if (f > 0) fatal[dk] += f;
        }
      }
      var shown = 0, visible = 0, merged = 0;
      typeLayers.forEach(function (l) {
        l.clearLayers();
      });
      labelLayer.clearLayers();
      for (var q = 0; q < groups.length; q++) {
        if (!groupShown[q]) continue;
        markers[q].setRadius(radiusOf(fat[q]));
        typeLayers[groups[q].type].addLayer(markers[q]);
        if (labels[q] && groupShown[q] > 1) {
          labels[q].setIcon(
            L.divIcon({ className: 'im-count', html: '<span>' + groupShown[q] + '</span>', iconSize: null })
          );
          labelLayer.addLayer(labels[q]);
        }
        shown += groupShown[q];
        visible++;
        if (groupShown[q] > 1) merged++;
      }
      choroLayer.eachLayer(function (layer) {
        var k = data.districts.features.indexOf(layer.feature);
        layer.setStyle({ fillColor: classColor(valueOf(k)) });
      });
      state.markers = visible;
      state.shown = shown;
      state.merged = merged;
      state.applyMs = performance.now() - started;
      report();
    }

    // Layer control: base layers, the boundary layers, one overlay per event type.
    var overlays = {};
    overlays['Land (Natural Earth)'] = land;
    overlays['Incidents per district'] = choroLayer;
    overlays['Districts'] = districtLayer;
    overlays['Provinces'] = provinceLayer;
    types.forEach(function (t, k) {
      var label = '<span class="im-swatch" style="background:' + escapeHtml(t.color) + '"></span>' +
        escapeHtml(t.name) + ' <span class="im-muted">(' + fmt(t.count) + ')</span>';
      overlays[label] = typeLayers[k];
      typeLayers[k].addTo(map);
    });
    overlays['Counts at shared points'] = labelLayer;
    labelLayer.addTo(map);
    L.control.layers({ 'No tiles': none, 'OpenStreetMap': osm }, overlays, { collapsed: false, position: 'topright' }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);

    // Title and legend.
    var Title = L.Control.extend({
      options: { position: 'topleft' },
      onAdd: function () {
        var box = el('div', 'im-box im-title');
        box.appendChild(el('h1', null, data.title));
        box.appendChild(el('div', 'im-muted', data.subtitle));
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new Title().addTo(map);

    var Legend = L.Control.extend({
      options: { position: 'bottomright' },
      onAdd: function () {
        var box = el('div', 'im-box im-legend');
        box.appendChild(el('h2', null, 'Event type'));
        types.forEach(function (t) {
          var row = el('div', 'im-row');
          var dot = el('span', 'im-dot');
          dot.style.background = t.color;
          row.appendChild(dot);
          row.appendChild(el('span', null, t.name + ' (' + fmt(t.count) + ')'));
          box.appendChild(row);
        });
        if (size.by === 'fatalities') {
          box.appendChild(el('h2', null, 'Fatalities (symbol area)'));
          var sizes = el('div', 'im-sizes');
          size.legend.forEach(function (v) {
            var r = radiusOf(v);
            var cell = el('div', 'im-size');
            var c = el('span', 'im-circle');
            c.style.width = c.style.height = 2 * r + 'px';
            cell.appendChild(c);
            cell.appendChild(el('div', null, fmt(v)));
            sizes.appendChild(cell);
          });
          box.appendChild(sizes);
          box.appendChild(el('div', 'im-muted', 'A number on a marker: incidents at the same point (sized by the deadliest)'));
        }
        box.appendChild(el('h2', null, choro.label));
        var classes = [[choro.zero_color, '0']];
        var lo = 0;
        choro.breaks.forEach(function (b, k) {
          // Counts are whole numbers (a class from one past the previous bound); rates run from it.
          var text = pops
            ? (k === 0 ? 'up to ' + fmtRate(b) : fmtRate(lo) + '–' + fmtRate(b))
            : lo + 1 >= b ? fmt(b) : fmt(Math.floor(lo) + 1) + '–' + fmt(b);
          classes.push([choro.colors[k], text]);
          lo = b;
        });
        if (pops && pops.some(function (p) { return !(p > 0); })) classes.push([choro.no_data_color, 'no population figure']);
        classes.forEach(function (c) {
          var row = el('div', 'im-row');
          var sw = el('span', 'im-swatch');
          sw.style.background = c[0];
          row.appendChild(sw);
          row.appendChild(el('span', null, c[1]));
          box.appendChild(row);
        });
        if (data.unlocated > 0) {
          box.appendChild(el('div', 'im-note', fmt(data.unlocated) + ' incident' + (data.unlocated === 1 ? '' : 's') + ' without coordinates ' + (data.unlocated === 1 ? 'is' : 'are') + ' not on the map'));
        }
        box.appendChild(el('div', 'im-footer', data.footer));
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Legend().addTo(map);

    // The date-range slider.
    var from = minDay, to = maxDay;
    var undated = 0;
    for (i = 0; i < n; i++) if (!dated[i]) undated++;
    var hash = parseHash();
    if (isFinite(minDay)) {
      if (hash.from) from = Math.max(minDay, Math.min(maxDay, dayOf(hash.from)));
      if (hash.to) to = Math.max(minDay, Math.min(maxDay, dayOf(hash.to)));
      if (from > to) { var t = from; from = to; to = t; }
      var Slider = L.Control.extend({
        options: { position: 'bottomleft' },
        onAdd: function () {
          var box = el('div', 'im-box im-slider');
          box.appendChild(el('h2', null, 'Dates'));
          var text = el('div', 'im-range-text');
          var a = el('input');
          var b = el('input');
          [a, b].forEach(function (x, k) {
            x.type = 'range';
            x.min = String(minDay);
            x.max = String(maxDay);
            x.step = '1';
            x.value = String(k ? to : from);
            x.setAttribute('aria-label', k ? 'last day' : 'first day');
          });
          var note = el('div', 'im-muted');
          function update(moved) {
            var lo = +a.value, hi = +b.value;
            if (lo > hi) {
              if (moved === a) b.value = String(lo); else a.value = String(hi);
              lo = +a.value; hi = +b.value;
            }
            text.textContent = isoOf(lo) + ' – ' + isoOf(hi);
            apply(lo, hi);
            note.textContent = undated ? fmt(undated) + ' undated: shown with the full range' + (fullRange ? '' : ' (hidden now)') : '';
          }
          var pending = null;
          function onInput(e) {
            var moved = e.target;
            if (pending) cancelAnimationFrame(pending);
            pending = requestAnimationFrame(function () {
              pending = null;
              update(moved);
            });
          }
          a.addEventListener('input', onInput);
          b.addEventListener('input', onInput);
          box.appendChild(text);
          box.appendChild(a);
          box.appendChild(b);
          box.appendChild(note);
          L.DomEvent.disableClickPropagation(box);
          box._update = update;
          return box;
        }
      });
      var slider = new Slider().addTo(map);
      slider.getContainer()._update(null);
    } else {
      apply(-Infinity, Infinity);
    }

    // The view: the given bounds (the province).
    map.fitBounds(data.bounds, { padding: [10, 10] });

    if (hash.tip) showDistrict(L.latLng(hash.tip[0], hash.tip[1]));
    if (hash.popup !== undefined && hash.popup >= 0 && hash.popup < n) {
      var gp = groupIndex[hash.popup];
      var mk = markers[gp];
      if (!map.hasLayer(mk)) typeLayers[groups[gp].type].addLayer(mk);
      mk.openPopup();
    }
    state.ready = 1;
    state.loadMs = performance.now();
    report();
  }

  // #popup=K, #tip=LAT,LON (a district's tooltip), #from=YYYY-MM-DD&to=YYYY-MM-DD; anything else is ignored.
  function parseHash() {
    var out = {};
    var h = (location.hash || '').replace(/^#/, '');
    h.split('&').forEach(function (part) {
      var kv = part.split('=');
      var v = decodeURIComponent(kv[1] || '');
      if (kv[0] === 'popup' && /^\d+$/.test(v)) out.popup = +v;
      if (kv[0] === 'tip' && /^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(v)) out.tip = v.split(',').map(Number);
      if ((kv[0] === 'from' || kv[0] === 'to') && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[kv[0]] = v;
    });
    return out;
  }

  try {
    main();
  } catch (e) {
    errors.push(String(e && e.stack ? e.stack : e));
    report();
  }
})();
