#pragma once
// ProjectionExpression: the attributes (or nested parts) a read returns. Named projection_list
// because ddbkit::projection is the index projection of CreateTable.
#include <ddbkit/expr/path.hpp>

#include <initializer_list>
#include <vector>

namespace ddbkit::expr {

/// The paths a read returns: `projection_list{path("name"), path("address.city"), path("tags[0]")}`.
/// Rendering refuses (`validation`, "ProjectionExpression") an empty projection and paths
/// that overlap ("a" with "a.b", or one path twice), as DynamoDB does.
/// Thread safety: a regular value type.
class projection_list {
 public:
  projection_list() = default;
  projection_list(std::initializer_list<path> paths) : paths_(paths) {}

  projection_list& add(path p) & { paths_.push_back(std::move(p)); return *this; }
  projection_list&& add(path p) && { paths_.push_back(std::move(p)); return std::move(*this); }

  const std::vector<path>& paths() const noexcept { return paths_; }
  bool empty() const noexcept { return paths_.empty(); }

 private:
  std::vector<path> paths_;
};

}  // namespace ddbkit::expr
