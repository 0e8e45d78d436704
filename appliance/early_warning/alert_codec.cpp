// The reasons of an alert as the alerts table stores them (JSON).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "early_warning/alerts.h"

namespace cartable::early_warning {

std::string reasonsToJson(const std::vector<Reason>& reasons, int weeks_with_signs) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const Reason& reason : reasons) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("indicator", std::string(indicatorName(reason.indicator)));
    item->set("value", reason.value);
    item->set("threshold", reason.threshold);
    item->set("strong_threshold", reason.strong_threshold);
    item->set("strong", reason.strong);
    if (reason.usual) item->set("usual", *reason.usual);
    item->set("detail", reason.detail);
    if (reason.evidence) item->set("evidence", *reason.evidence);
    if (reason.share) item->set("share", *reason.share);
    list->add(item);
  }
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("reasons", list);
  out->set("weeks_with_signs", weeks_with_signs);
  std::ostringstream text;
  Poco::JSON::Stringifier::condense(out, text);
  return text.str();
}

void reasonsFromJson(const std::string& text, std::vector<Reason>& reasons, int& weeks_with_signs) {
  reasons.clear();
  weeks_with_signs = 0;
  try {
    auto root = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    weeks_with_signs = root->getValue<int>("weeks_with_signs");
    auto list = root->getArray("reasons");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      auto item = list->getObject(static_cast<unsigned>(i));
      const auto indicator = parseIndicator(item->getValue<std::string>("indicator"));
      if (!indicator) continue;
      Reason reason{*indicator,
                    item->getValue<std::int64_t>("value"),
                    item->getValue<std::int64_t>("threshold"),
                    item->getValue<std::int64_t>("strong_threshold"),
                    item->getValue<bool>("strong"),
                    std::nullopt,
                    item->getValue<std::string>("detail"),
                    std::nullopt,
                    std::nullopt};
      if (item->has("usual")) reason.usual = item->getValue<std::int64_t>("usual");
      if (item->has("evidence")) reason.evidence = item->getValue<std::int64_t>("evidence");
      if (item->has("share")) reason.share = item->getValue<int>("share");
      reasons.push_back(std::move(reason));
    }
  } catch (const Poco::Exception&) {
    // Written by this module: only a damaged row lands here, shown without reasons.
  }
}

}  // namespace cartable::early_warning
