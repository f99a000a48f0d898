// What every drawn output (PDF tables, charts) shares: the font — DejaVu Sans, which covers
// Vietnamese, checked rather than trusted: fontconfig substitutes another font for a missing
// one without a word, and Vietnamese would then come out in whatever is installed, or as boxes
// — text measures, cairo's status, and numbers written the Vietnamese way.
#pragma once

#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <string_view>

namespace lmis {

inline constexpr const char* kDocumentFont = "DejaVu Sans";

// Deleters for unique_ptr: pango objects are GObjects; a font description is not.
struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
struct FontDescriptionFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
using FontDescriptionPtr = std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

// kDocumentFont at `size` (points or pixels, as the surface counts).
FontDescriptionPtr DescribeFont(double size, bool bold, bool italic = false);

// Throws RenderError, its message starting with `what` ("PDF", "chart"), unless `map` in
// `context` really gives kDocumentFont with the letters of Vietnamese beyond Latin-1.
void CheckDocumentFont(PangoFontMap* map, PangoContext* context, const char* what);

// A font map and pango context for one rendering on `cr`, the font checked as
// CheckDocumentFont does. Nothing is shared between threads or renderings.
class DocumentFonts {
 public:
  DocumentFonts(cairo_t* cr, const char* what);
  DocumentFonts(const DocumentFonts&) = delete;
  DocumentFonts& operator=(const DocumentFonts&) = delete;
  PangoContext* context() const { return context_.get(); }

  // How text wider than a layout's width is kept inside it.
  enum class Fit : uint8_t { kWrap, kEllipsize };
  // `text` in `font`, aligned `align`; with `width` > 0 kept inside that width as `fit` says.
  LayoutPtr Layout(std::string_view text, const PangoFontDescription* font, PangoAlignment align,
                   double width, Fit fit) const;

 private:
  std::unique_ptr<PangoFontMap, GObjectUnref> map_;
  std::unique_ptr<PangoContext, GObjectUnref> context_;
};

// A layout's extent in user units (points or pixels).
double LayoutWidth(PangoLayout* layout);
double LayoutHeight(PangoLayout* layout);

// Throws RenderError "`what`: cairo: …" unless `status` is success.
void CheckCairo(cairo_status_t status, const char* what);

// "1234567" → "1.234.567": digits grouped by thousands with dots, as Vietnamese writes them.
std::string GroupDigitsVi(std::string_view digits);

}  // namespace lmis
