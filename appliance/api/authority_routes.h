// The regional authority's routes at the hub (authority_routes.cpp).
#pragma once

#include "api/route_table.h"

namespace cartable::api {

void addAuthorityRoutes(RouteTable& table);

}  // namespace cartable::api
