/* Choosing a Daftar Data row in the dataset form fills the fields the row
 * already answers (title, definisi, satuan, frekuensi, tahun, OPD...).
 * Only empty fields are filled, and fields this module filled for a row
 * chosen before: what the user typed or chose is never overwritten. The
 * values come from the option's data-fill (the server's one mapping).
 */
this.ckan.module('satudata-daftar-data-fill', function ($) {
  'use strict';
  return {
    initialize: function () {
      this.filled = {};
      this.touched = {};
      var form = this.el.closest('form');
      var module = this;
      // A field the user edits is theirs from then on.
      form.on('input change', 'input, select, textarea', function (event) {
        if (event.target !== module.el[0] && event.originalEvent) {
          module.touched[event.target.name] = true;
        }
      });
      this.el.on('change', $.proxy(this._onChange, this));
    },

    _onChange: function () {
      var option = this.el.find('option:selected');
      var values = option.data('fill') || {};
      var form = this.el.closest('form');
      var module = this;
      $.each(values, function (name, value) {
        if (name === 'daftar_data_id') { return; }
        var field = form.find('[name="' + name + '"]');
        if (!field.length || module.touched[name]) { return; }
        var current = field.val();
        var mine = module.filled[name] !== undefined && module.filled[name] === current;
        // A select shows its first option when nothing was chosen: it counts
        // as empty unless the server marked a choice (a returned form). The
        // OPD select is always marked; it is the user's once they change it.
        var unchosen = field.is('select') &&
          (name === 'owner_org' || !field.find('option[selected]').length);
        if (current && !mine && !unchosen) { return; }
        if (field.is('select') && !field.find('option[value="' + value + '"]').length) {
          return;
        }
        field.val(String(value));
        // "input" lets CKAN's slug preview make the URL from a filled title.
        if (!field.is('select')) { field.trigger('input'); }
        field.trigger('change');
        module.filled[name] = String(value);
      });
    }
  };
});
