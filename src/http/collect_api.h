// The collection routes of the API: campaigns and quotas, worklists, assignments, forms and
// their transitions, hand-over records and progress (/api/campaigns, /api/forms,
// /api/handovers; docs/collection.md). Thin: reads the request, calls CollectService, renders
// JSON, CSV, XLSX or PDF.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "http/api_support.h"
#include "registry/worker_service.h"

namespace lmis::http {

class CollectApi {
 public:
  explicit CollectApi(ApiContext& context) : c_(context) {}

  // The answer to a request under /api/campaigns, /api/forms or /api/handovers (`segments`
  // without "api"); nullopt for any other path.
  std::optional<Response> Handle(const Request& r, const std::vector<std::string_view>& segments,
                                 const Caller& caller);

 private:
  ApiContext& c_;
};

}  // namespace lmis::http
