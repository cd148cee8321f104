#pragma once
// A document path: an attribute name, then map members and list indexes ("a.b[2].c").
#include <ddbkit/value/attribute_value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ddbkit::expr {

class condition;
class operand;

/// A path into an item: a top-level attribute name followed by map members and list
/// indexes. Rendering always replaces every name segment with a placeholder, so names with
/// dots, dashes, spaces or reserved words (`name`, `status`, `ttl`) need no care.
///
/// `path("a.b[2].c")` parses the dotted form; a syntax error (empty segment, bad index,
/// unbalanced bracket) is kept and reported as a `validation` error when an expression using
/// the path is rendered, so builders stay plain values. Use `path::parse` to check at once,
/// and `path::attribute(name)` / `member(name)` when a name itself contains '.' or '['.
/// Thread safety: a regular value type.
class path {
 public:
  /// A map member name, or a list index.
  using segment = std::variant<std::string, std::size_t>;

  /// The empty path; rendering it is a `validation` error.
  path() = default;
  /// Parses "a.b[2].c"; see the class comment for errors.
  explicit path(std::string_view dotted);
  /// Parses "a.b[2].c", reporting a syntax error at once (field "path").
  static result<path> parse(std::string_view dotted);
  /// A top-level attribute whose name is taken literally ("a.b" is one name).
  static path attribute(std::string name);

  /// This path followed by the map member `name`, taken literally.
  path member(std::string name) const&;
  path member(std::string name) &&;
  /// This path followed by the list index `index`.
  path operator[](std::size_t index) const&;
  path operator[](std::size_t index) &&;

  const std::vector<segment>& segments() const noexcept { return segments_; }
  bool empty() const noexcept { return segments_.empty() && !syntax_error_; }
  /// The syntax error of a path built from bad text, else nullopt.
  const std::optional<std::string>& syntax_error() const noexcept { return syntax_error_; }

  // Conditions on this path (declared here, defined with <ddbkit/expr/condition.hpp>).
  /// attribute_exists(path)
  condition exists() const;
  /// attribute_not_exists(path)
  condition not_exists() const;
  /// attribute_type(path, type), e.g. `has_type(attribute_value::kind::ss)`.
  condition has_type(attribute_value::kind type) const;
  /// begins_with(path, prefix); a literal prefix must be S or B.
  condition begins_with(const operand& prefix) const;
  /// contains(path, operand): a substring of an S, or a member of a set or list.
  condition contains(const operand& member) const;
  /// path BETWEEN low AND high
  condition between(const operand& low, const operand& high) const;
  /// path IN (candidates...), 1 to 100 candidates.
  condition in(std::vector<operand> candidates) const;

  // No operator== here on purpose: `path("a") == path("b")` is the condition a = b
  // (see <ddbkit/expr/operand.hpp>), never a bool.

 private:
  std::vector<segment> segments_;
  std::optional<std::string> syntax_error_;
};

/// The path in its dotted form, for messages: "a.b[2].c".
std::string to_string(const path& p);

}  // namespace ddbkit::expr
