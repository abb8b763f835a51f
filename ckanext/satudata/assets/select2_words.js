/* CKAN 2.12's select2 (4.1) labels the search field of a multiple choice
   (the tags field) with its "search" message, which the Indonesian
   translation it ships lacks, so the label fell back to English; and the
   box of chosen items has no accessible name. Select2 reads the element's
   own language first, then these defaults, then English. */
(function ($) {
  "use strict";
  if (!$ || !$.fn || !$.fn.select2 || !$.fn.select2.defaults) {
    return;
  }
  if (($("html").attr("lang") || "").split("-")[0] === "id") {
    $.fn.select2.defaults.set("language", {
      search: function () { return "Cari"; },
      removeAllItems: function () { return "Hapus semua"; },
      removeItem: function () { return "Hapus"; }
    });
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
