// The kinds of federated records, the vocabulary schools and the hub share.
#pragma once

namespace cartable::federation {

// A school's profile (who it is, account counts per role), key: its UAI,
// owned by the school, for the hub. Written by appliance/federated.
inline constexpr const char* kSchoolProfileKind = "school";

}  // namespace cartable::federation
