#include "exchange/pango_font.h"

#include <cstdio>
#include <string>

#include "exchange/table_doc.h"

namespace lmis {

FontDescriptionPtr DescribeFont(double size, bool bold, bool italic) {
  FontDescriptionPtr d(pango_font_description_new());
  pango_font_description_set_family(d.get(), kDocumentFont);
  pango_font_description_set_absolute_size(d.get(), size * PANGO_SCALE);
  pango_font_description_set_weight(d.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(d.get(), italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  return d;
}

void CheckDocumentFont(PangoFontMap* map, PangoContext* context, const char* what) {
  FontDescriptionPtr wanted = DescribeFont(10, false);
  std::unique_ptr<PangoFont, GObjectUnref> font(
      pango_font_map_load_font(map, context, wanted.get()));
  std::string chosen = "(none)";
  if (font) {
    FontDescriptionPtr got(pango_font_describe(font.get()));
    const char* family = pango_font_description_get_family(got.get());
    chosen = family ? family : "(unnamed)";
  }
  if (!font || g_ascii_strcasecmp(chosen.c_str(), kDocumentFont) != 0) {
    throw RenderError(std::string(what) + ": the font \"" + kDocumentFont +
                      "\" is not installed (fontconfig offers \"" + chosen +
                      "\"); install the Debian package fonts-dejavu-core");
  }
  // ư ơ đ ạ ữ: the letters of Vietnamese beyond Latin-1.
  for (gunichar c : {0x01B0u, 0x01A1u, 0x0111u, 0x1EA1u, 0x1EEFu}) {
    if (!pango_font_has_char(font.get(), c)) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", c);
      throw RenderError(std::string(what) + ": the font \"" + kDocumentFont + "\" lacks " + code +
                        ", needed for Vietnamese");
    }
  }
}

DocumentFonts::DocumentFonts(cairo_t* cr, const char* what)
    : map_(pango_cairo_font_map_new()), context_(pango_font_map_create_context(map_.get())) {
  pango_cairo_update_context(cr, context_.get());
  CheckDocumentFont(map_.get(), context_.get(), what);
}

LayoutPtr DocumentFonts::Layout(std::string_view text, const PangoFontDescription* font,
                                PangoAlignment align, double width, Fit fit) const {
  LayoutPtr layout(pango_layout_new(context_.get()));
  pango_layout_set_font_description(layout.get(), font);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  if (width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    if (fit == Fit::kWrap)
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    else
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  }
  pango_layout_set_alignment(layout.get(), align);
  return layout;
}

double LayoutWidth(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

double LayoutHeight(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void CheckCairo(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw RenderError(std::string(what) + ": cairo: " + cairo_status_to_string(status));
}

std::string GroupDigitsVi(std::string_view digits) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace lmis
