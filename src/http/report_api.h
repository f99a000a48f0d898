// The report routes of the API (/api/reports/…; docs/reports.md): the labour-supply report of
// a unit on a day, by the units below it, the changes between two days, charts, the reporting
// calendar and submissions. Thin: reads the request, checks MayReport, calls ReportService,
// renders JSON, CSV, XLSX, PDF, SVG or PNG. Every report asked for is audited ("report").
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "http/api_support.h"
#include "registry/worker_service.h"

namespace lmis::http {

class ReportApi {
 public:
  explicit ReportApi(ApiContext& context) : c_(context) {}

  // The answer to a request under /api/reports (`segments` without "api"); nullopt for any
  // other path.
  std::optional<Response> Handle(const Request& r, const std::vector<std::string_view>& segments,
                                 const Caller& caller);

 private:
  ApiContext& c_;
};

}  // namespace lmis::http
