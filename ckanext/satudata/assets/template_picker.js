/* The template picker of a Daftar Data row (snippet
 * satudata/template/snippets/picker.html): as the user types in the search
 * box, the select is refilled with the templates satudata_template_list
 * finds (the same search as the template list page). The chosen template
 * stays an option (with nothing chosen yet, the first match is chosen);
 * Enter in the search box searches, it never submits. */
this.ckan.module('satudata-template-picker', function ($) {
  'use strict';
  return {
    options: {source: null, empty: '', fields: '{n} kolom'},

    initialize: function () {
      this.search = this.el.find('.satudata-template-search');
      this.select = this.el.find('select');
      this.status = this.el.find('.satudata-template-picker-status');
      this.timer = null;
      this.asked = 0;
      var module = this;
      this.search.on('input', function () {
        clearTimeout(module.timer);
        module.timer = setTimeout($.proxy(module._find, module), 250);
      });
      this.search.on('keydown', function (event) {
        if (event.key === 'Enter') {
          event.preventDefault();
          clearTimeout(module.timer);
          module._find();
        }
      });
      // Typed before CKAN started the module (it waits for its translations).
      if (this.search.val() !== (this.search.attr('value') || '')) {
        this._find();
      }
    },

    _find: function () {
      var module = this;
      var asked = ++this.asked;
      $.getJSON(this.options.source, {q: this.search.val(), limit: 50})
        .done(function (response) {
          if (asked !== module.asked) { return; }  // a newer search is out
          module._fill(response.result.results);
        });
    },

    _fill: function (templates) {
      var select = this.select;
      var chosen = select.find('option:selected');
      var keep = chosen.val() ? chosen.clone() : null;
      select.find('option').filter(function () { return this.value; }).remove();
      if (keep) { select.append(keep); }
      var fields = this.options.fields;
      $.each(templates, function (_, t) {
        if (keep && t.id === keep.val()) { return; }
        $('<option>').val(t.id)
          .text(t.title + ' (' + t.name + ', ' +
                fields.replace('{n}', t.field_count) + ')')
          .appendTo(select);
      });
      if (!keep && templates.length) { select.val(templates[0].id); }
      this.status.text(templates.length ? '' : this.options.empty);
      select.trigger('change');
    }
  };
});
