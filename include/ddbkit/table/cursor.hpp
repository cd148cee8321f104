#pragma once
// Where a paginated read stands, as a token a caller can store and pass back.
#include <ddbkit/error.hpp>
#include <ddbkit/value/attribute_value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ddbkit {

/// The position of a Query or Scan: resuming from it reads what comes after the last item
/// handed to the caller. Its text form (token()) is opaque, printable and URL-safe; it is
/// bound to the table, the index and the scan segment it was taken from, and resuming a
/// different read with it is a `validation` error.
///
/// The token holds the key of that last item in clear (base64 of DynamoDB-JSON): encrypt or
/// sign it before handing it to a party that must not see key values.
/// Thread safety: a regular value type.
class cursor {
 public:
  /// The start of the read (of `table`, `index`, scan `segment`).
  cursor(std::string table, std::string index, std::optional<int> segment, std::optional<item> start_key)
      : table_(std::move(table)), index_(std::move(index)), segment_(segment), start_key_(std::move(start_key)) {}

  /// Reads a token made by token(); `validation` error (field "cursor") when it is not one.
  static result<cursor> parse(std::string_view token);
  std::string token() const;

  const std::string& table() const noexcept { return table_; }
  const std::string& index() const noexcept { return index_; }
  const std::optional<int>& segment() const noexcept { return segment_; }
  /// The ExclusiveStartKey of the next page; empty at the start of the read.
  const std::optional<item>& start_key() const noexcept { return start_key_; }

  /// `validation` error unless this cursor was taken from a read of `table`, `index` and
  /// `segment`.
  result<void> check_fits(std::string_view table, std::string_view index, std::optional<int> segment) const;

  friend bool operator==(const cursor&, const cursor&) = default;

 private:
  std::string table_;
  std::string index_;
  std::optional<int> segment_;
  std::optional<item> start_key_;
};

}  // namespace ddbkit
