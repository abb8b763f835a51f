/* Select2 as the portal's users need it.

   An option may carry other names it is searched by
   (data-satudata-names="Dinkes|1.02.01"): the OPD list of the dataset form
   finds "Dinas Kesehatan" when the user types the short name they know.
   CKAN 2.11 ships select2 3.5 and 2.12 select2 4.1, whose matchers differ;
   both keep their own matching and add this one.

   CKAN 2.12's select2 (4.1) labels the search field of a multiple choice
   (the tags field) with its "search" message, which the Indonesian
   translation it ships lacks, so the label fell back to English; and the
   box of chosen items has no accessible name. Select2 reads the element's
   own language first, then these defaults, then English. */
(function ($) {
  "use strict";
  if (!$ || !$.fn || !$.fn.select2 || !$.fn.select2.defaults) {
    return;
  }
  function plain(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }
  function namedBy(option, term) {
    var names = option ? $(option).attr("data-satudata-names") : "";
    var wanted = plain($.trim(term || ""));
    return Boolean(names && wanted) && names.split("|").some(
      function (name) { return plain(name).indexOf(wanted) >= 0; });
  }
  var defaults = $.fn.select2.defaults;
  if (typeof defaults.set === "function") {
    var matches = defaults.defaults.matcher;
    defaults.set("matcher", function (params, data) {
      var found = matches(params, data);
      return found || (namedBy(data.element, params.term) ? data : null);
    });
    if (($("html").attr("lang") || "").split("-")[0] === "id") {
      defaults.set("language", {
        search: function () { return "Cari"; },
        removeAllItems: function () { return "Hapus semua"; },
        removeItem: function () { return "Hapus"; }
      });
    }
  } else {
    var matchesText = defaults.matcher;
    defaults.matcher = function (term, text, option) {
      return matchesText(term, text, option) || namedBy(option && option[0], term);
    };
  }
  function name(box) {
    var field = $(box).closest(".select2-container").prev("select, input");
    var id = field.attr("id");
    var label = id ? $("label[for='" + id + "']").first().text() : "";
    return $.trim(label.replace(/\*/g, "")) || field.attr("name") || "";
  }
  function label(root) {
    $(root).find(".select2-selection--multiple:not([aria-label])").each(
      function () { $(this).attr("aria-label", name(this)); });
  }
  $(function () {
    label(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) { label(node); }
        });
      });
    }).observe(document.body, {childList: true, subtree: true});
  });
})(window.jQuery);
