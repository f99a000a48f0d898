// The JSON shapes of campaigns, worklists, forms, hand-over records and progress: what the
// API answers (docs/collection.md) and what `lmis campaign|form|handover … --format json`
// prints, one shape for both.
#pragma once

#include <nlohmann/json.hpp>

#include "collect/collect_service.h"

namespace lmis {

nlohmann::json CampaignJson(const RefData& ref, const CampaignView& v);
nlohmann::json FormJson(const FormRow& f);
// A form with its events.
nlohmann::json FormViewJson(const FormView& v);
nlohmann::json HandoverJson(const HandoverRow& h);
// A hand-over record with its forms.
nlohmann::json HandoverViewJson(const HandoverView& v);
nlohmann::json WorklistJson(const WorklistView& v);
nlohmann::json ProgressJson(const ProgressReport& r);

}  // namespace lmis
