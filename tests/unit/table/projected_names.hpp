#pragma once
// The table tests' reading of a request on the wire: which attributes its projection reads.
#include <boost/json/object.hpp>

#include <set>
#include <string>

namespace ddbkit::testing {

/// The attribute names `request`'s ProjectionExpression reads, its placeholders resolved
/// through ExpressionAttributeNames (`request`: a Query/Scan body, or a BatchGetItem table's
/// KeysAndAttributes).
inline std::set<std::string> projected_names(const boost::json::object& request) {
  const std::string projection(request.at("ProjectionExpression").as_string());
  std::set<std::string> out;
  for (const auto& [placeholder, name] : request.at("ExpressionAttributeNames").as_object()) {
    if (projection.find(std::string(placeholder)) != std::string::npos) out.insert(std::string(name.as_string()));
  }
  return out;
}

}  // namespace ddbkit::testing
